package io.sluice.core.consumer;

import java.time.Duration;

/**
 * When the batch in hand is flushed, and how long a poll may wait meanwhile: at {@code batch.max_records} records
 * or {@code batch.max_bytes} bytes; when caught up (a poll returned fewer than {@code max_records}) and the oldest
 * record in hand is {@code batch.linger_ms} old; and under continuous load when it is {@code batch.max_wait_ms} old.
 * Ages come from the loop's clock. Stateless and thread-safe.
 */
final class BatchPolicy {
    static final long EMPTY_POLL_MILLIS = 500;
    /** How often the loop looks at a write in flight while it has nothing else to wait for. */
    static final long IN_FLIGHT_POLL_MILLIS = 5;

    private final int maxRecords;
    private final long maxBytes;
    private final long lingerMillis;
    private final long maxWaitMillis;

    BatchPolicy(ConsumerLoopConfig config) {
        this.maxRecords = config.maxRecords();
        this.maxBytes = config.maxBytes();
        this.lingerMillis = config.linger().toMillis();
        this.maxWaitMillis = config.maxWait().toMillis();
    }

    /** The next poll's timeout: until the batch in hand is due, and short while a write is in flight. */
    Duration pollTimeout(PendingBatch<?> pending, boolean writeInFlight, long nowMillis) {
        long timeout = EMPTY_POLL_MILLIS;
        if (!pending.isEmpty()) {
            timeout = Math.max(0, Math.min(lingerMillis, maxWaitMillis) - pending.ageMillis(nowMillis));
        }
        return Duration.ofMillis(writeInFlight ? Math.min(timeout, IN_FLIGHT_POLL_MILLIS) : timeout);
    }

    /** Whether to flush after a poll that returned {@code polledCount} records. */
    boolean shouldFlush(PendingBatch<?> pending, int polledCount, long nowMillis) {
        if (pending.isEmpty()) {
            return false;
        }
        long age = pending.ageMillis(nowMillis);
        if (pending.size() >= maxRecords || pending.bytes() >= maxBytes || age >= maxWaitMillis) {
            return true;
        }
        boolean caughtUp = polledCount < maxRecords;
        return caughtUp && age >= lingerMillis;
    }
}
