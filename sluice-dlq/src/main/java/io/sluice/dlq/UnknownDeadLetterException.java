package io.sluice.dlq;

/** There is no dead letter at this ID: no such {@code *.dlq} topic or partition, or no record at that offset. */
public final class UnknownDeadLetterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String id;

    public UnknownDeadLetterException(DeadLetterId id) {
        super("no dead letter at " + id + " (see: sluice dlq ls)");
        this.id = id.toString();
    }

    public String id() {
        return id;
    }
}
