package io.sluice.core.consumer;

/**
 * A record that no retry can ever store: it is malformed or breaks a data constraint. The consumer loop sends the
 * record's raw bytes to the dead-letter topic with this message in its headers, then continues.
 */
public class PoisonRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PoisonRecordException(String message) {
        super(message);
    }

    public PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
