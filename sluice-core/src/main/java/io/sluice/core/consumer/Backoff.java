package io.sluice.core.consumer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with ±20% jitter, as a schedule the poll loop consults between polls (a blocking retry
 * library would stop the loop from polling, and the broker would evict it from the group). Not thread-safe.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private int attempts;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    /** The delay before the next attempt; each call doubles it up to the maximum. */
    long nextDelayMillis() {
        long base = initialMillis << Math.min(attempts++, 20);
        long capped = Math.min(maxMillis, base);
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Math.max(1, (long) (capped * jitter));
    }

    int attempts() {
        return attempts;
    }

    void reset() {
        attempts = 0;
    }
}
