package io.sluice.core.consumer;

import java.time.Instant;

/**
 * A snapshot of a {@link ConsumerLoop} for health checks and stats.
 *
 * @param status lifecycle status
 * @param lastPollAt when the loop last polled Kafka, or null
 * @param lag records behind the log end, summed over assigned partitions (-1 when unknown)
 * @param lastError the last failure's message, or null; cleared when the loop recovers (a write succeeds again)
 * @param lastErrorAt when it happened, or null; cleared with it
 * @param recordsWritten records stored since start
 * @param recordsFailed records sent to the dead-letter topic since start
 * @param recordsSkipped records the decoder {@linkplain Decoding.Skip skipped} since start (their offsets moved)
 * @param brokerReachable whether the loop's probe reached the Kafka broker within the last few seconds (a consumer
 *     that cannot reach its broker only polls nothing, so its status alone would stay running)
 */
public record ConsumerState(
        ConsumerStatus status,
        Instant lastPollAt,
        long lag,
        String lastError,
        Instant lastErrorAt,
        long recordsWritten,
        long recordsFailed,
        long recordsSkipped,
        boolean brokerReachable) {

    /** A state with the broker reachable. */
    public ConsumerState(
            ConsumerStatus status,
            Instant lastPollAt,
            long lag,
            String lastError,
            Instant lastErrorAt,
            long recordsWritten,
            long recordsFailed,
            long recordsSkipped) {
        this(status, lastPollAt, lag, lastError, lastErrorAt, recordsWritten, recordsFailed, recordsSkipped, true);
    }

    public boolean running() {
        return status.isRunning();
    }
}
