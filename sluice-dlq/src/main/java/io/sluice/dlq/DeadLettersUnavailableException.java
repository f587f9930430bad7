package io.sluice.dlq;

/**
 * Kafka did not answer in time (or refused the client): not the caller's mistake, try again later. The message
 * names the bootstrap servers and the client's reason; the cause is kept.
 */
public final class DeadLettersUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeadLettersUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
