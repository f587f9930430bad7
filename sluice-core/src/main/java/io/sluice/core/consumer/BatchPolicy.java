package io.sluice.core.consumer;

import java.time.Duration;

/**
 * When the batch in hand is flushed, and how long a poll may wait meanwhile: at {@code batch.max_records} records
 * or {@code batch.max_bytes} bytes; when the writer is idle, or caught up (a poll returned fewer than it may), and the
 * oldest record in hand is {@code batch.linger_ms} old; and under continuous load when it is {@code batch.max_wait_ms}
 * old. Ages come from the loop's clock. Stateless and thread-safe.
 *
 * <p>Polls return at most {@link #pollRecords} records ({@value #MAX_POLL_RECORDS} or {@code batch.max_records} if
 * lower), so that a batch is what arrived while the previous one was written: a writer never waits for a full batch
 * while records are in hand. At start, over a backlog, the first batch is one poll's worth, stored while the
 * interpreter is still warming up, and the batches grow to {@code batch.max_records} as the writes take longer than
 * the polls (the first row of {@code run text-writer} over a million-record backlog: see docs/benchmarks.md).
 */
final class BatchPolicy {
    static final long EMPTY_POLL_MILLIS = 500;
    /** How often the loop looks at a write in flight while it has nothing else to wait for. */
    static final long IN_FLIGHT_POLL_MILLIS = 5;
    /** The most records one poll returns ({@code max.poll.records}) when {@code batch.max_records} is larger. */
    static final int MAX_POLL_RECORDS = 1000;

    private final int maxRecords;
    private final int pollRecords;
    private final long maxBytes;
    private final long lingerMillis;
    private final long maxWaitMillis;

    BatchPolicy(ConsumerLoopConfig config) {
        this.maxRecords = config.maxRecords();
        this.pollRecords = pollRecords(maxRecords);
        this.maxBytes = config.maxBytes();
        this.lingerMillis = config.linger().toMillis();
        this.maxWaitMillis = config.maxWait().toMillis();
    }

    /** Kafka's {@code max.poll.records} for a loop whose batches hold at most {@code maxRecords}. */
    static int pollRecords(int maxRecords) {
        return Math.min(maxRecords, MAX_POLL_RECORDS);
    }

    /** The next poll's timeout: until the batch in hand is due, and short while a write is in flight. */
    Duration pollTimeout(PendingBatch<?> pending, boolean writeInFlight, long nowMillis) {
        long timeout = EMPTY_POLL_MILLIS;
        if (!pending.isEmpty()) {
            timeout = Math.max(0, Math.min(lingerMillis, maxWaitMillis) - pending.ageMillis(nowMillis));
        }
        return Duration.ofMillis(writeInFlight ? Math.min(timeout, IN_FLIGHT_POLL_MILLIS) : timeout);
    }

    /**
     * Whether to flush after a poll that returned {@code polledCount} records.
     *
     * @param writeInFlight whether the writer is still storing the previous batch
     */
    boolean shouldFlush(PendingBatch<?> pending, int polledCount, boolean writeInFlight, long nowMillis) {
        if (pending.isEmpty()) {
            return false;
        }
        long age = pending.ageMillis(nowMillis);
        if (pending.size() >= maxRecords || pending.bytes() >= maxBytes || age >= maxWaitMillis) {
            return true;
        }
        boolean caughtUp = polledCount < pollRecords;
        return (caughtUp || !writeInFlight) && age >= lingerMillis;
    }
}
