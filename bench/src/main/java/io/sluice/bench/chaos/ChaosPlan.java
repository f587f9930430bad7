package io.sluice.bench.chaos;

import java.time.Duration;

/**
 * What a text writer fault run does.
 *
 * @param messages records to produce (valid and invalid)
 * @param kills SIGKILLs of the writer process, at random moments while records stream in
 * @param partitions partitions of the input topic (and of its dead-letter topic)
 * @param rate records produced per second
 * @param invalidShare share of records the writer must dead-letter (bad JSON, missing text, ...)
 * @param seed seeds the messages and the fault moments; a failing run can be replayed with it
 * @param timeout the whole run's limit, verification included
 */
public record ChaosPlan(
        long messages, int kills, int partitions, double rate, double invalidShare, long seed, Duration timeout) {

    /** PostgreSQL and the broker are each restarted this many times per run. */
    public static final int SERVER_RESTARTS = 1;

    public ChaosPlan {
        if (messages < 100) {
            throw new IllegalArgumentException("--messages must be at least 100, got " + messages);
        }
        if (kills < 0) {
            throw new IllegalArgumentException("--kills must not be negative, got " + kills);
        }
        if (partitions < 1 || rate <= 0) {
            throw new IllegalArgumentException("--partitions and --rate must be positive");
        }
    }

    /**
     * The short variant that runs with the tests: 20,000 records streaming in at 500/s (40 s, long enough for four
     * faults and the restarts they cause) into 3 partitions, 2 kills, one PostgreSQL restart, one broker restart.
     */
    public static ChaosPlan shortRun(long seed) {
        return new ChaosPlan(20_000, 2, 3, 500, 0.01, seed, Duration.ofMinutes(3));
    }

    /** The default rate: the messages spread over about a minute, at least 1,000 per second. */
    public static double defaultRate(long messages) {
        return Math.max(1_000, messages / 60.0);
    }
}
