package io.sluice.producer;

/**
 * A record handed to {@link EventEmitter#send} was neither acknowledged by Kafka nor spilled: the caller must not
 * report it as accepted. {@link #reason()} is the {@code reason} tag of {@code sluice.events.dropped}: {@code
 * queue_full} and {@code spill_full} are transient (answer 503 and ask the client to retry), {@code rejected} means
 * Kafka refused the record itself (too large, bad topic), {@code spill_failed} an I/O error on the spill file, {@code
 * closed} that the emitter is shutting down.
 */
public final class EventDroppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    EventDroppedException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** Whether trying again later may succeed (the buffers were full, or an I/O error). */
    public boolean isTransient() {
        return !reason.equals("rejected");
    }
}
