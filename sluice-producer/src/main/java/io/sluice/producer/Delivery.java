package io.sluice.producer;

/**
 * How a record handed to {@link EventEmitter#send} became safe: the outcome its future completes with. A record that
 * could not be made safe fails the future with an {@link EventDroppedException} instead.
 */
public enum Delivery {
    /** Kafka acknowledged it ({@code acks=all}, idempotent producer). */
    SENT,
    /**
     * It is in the spill file, forced to disk (unless {@code spill.fsync} is {@code never}, when it is only written
     * to the OS), and will be replayed to Kafka, in order, once the broker answers.
     */
    SPILLED
}
