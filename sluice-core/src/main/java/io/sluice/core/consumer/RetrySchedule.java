package io.sluice.core.consumer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When the loop retries after an outage: exponential backoff (doubling from the initial delay up to the maximum)
 * with ±20% jitter, as a schedule the poll loop consults between polls — a blocking retry library would stop the
 * loop from polling, and the broker would evict it from the group. Times are epoch milliseconds from the loop's
 * clock. Confined to the polling thread.
 */
final class RetrySchedule {
    private final long initialMillis;
    private final long maxMillis;
    private int attempts;
    private boolean retrying;
    private long retryAtMillis;

    RetrySchedule(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    /** Whether a failure is waiting to be retried (partitions stay paused until {@link #recovered()}). */
    boolean retrying() {
        return retrying;
    }

    /** How long until the next retry is due; 0 when it is due now or nothing is being retried. */
    long millisUntilRetry(long nowMillis) {
        return Math.max(0, retryAtMillis - nowMillis);
    }

    /** Records a failure and returns the delay before the next attempt; each call doubles it up to the maximum. */
    long failed(long nowMillis) {
        retrying = true;
        long base = initialMillis << Math.min(attempts++, 20);
        long capped = Math.min(maxMillis, base);
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        long delay = Math.max(1, (long) (capped * jitter));
        retryAtMillis = nowMillis + delay;
        return delay;
    }

    int attempts() {
        return attempts;
    }

    void recovered() {
        retrying = false;
        retryAtMillis = 0;
        attempts = 0;
    }
}
