package io.sluice.core.lifecycle;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with ±20% jitter: the delay doubles per consecutive failure from {@code initial} up to
 * {@code max}, and {@link #reset()} starts over after a success. A schedule to consult, not a retry loop: the caller
 * decides how to wait (a {@link BackgroundWorker} waits on its own signal, so that closing it cuts a wait short).
 * Not thread-safe: one per loop.
 */
public final class ExponentialBackoff {
    private final long initialMillis;
    private final long maxMillis;
    private int failures;

    public ExponentialBackoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    /** The delay before the next attempt; each call counts a failure and doubles it, up to the maximum. */
    public Duration next() {
        long base = initialMillis << Math.min(failures++, 20);
        long capped = Math.min(maxMillis, base);
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }

    /** Consecutive failures since the last {@link #reset()}. */
    public int failures() {
        return failures;
    }

    public void reset() {
        failures = 0;
    }
}
