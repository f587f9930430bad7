package io.sluice.dlq;

import java.util.List;

/**
 * What a replay did: the letters produced to their original topics (or that would be, in a dry run) and the ones
 * refused, each with its reason.
 */
public record ReplayResult(boolean dryRun, List<Replayed> replayed, List<Skipped> skipped) {
    public ReplayResult {
        replayed = List.copyOf(replayed);
        skipped = List.copyOf(skipped);
    }

    /** A letter replayed to {@code to} (partition and offset {@code null} in a dry run). */
    public record Replayed(DeadLetterId id, RecordPosition to) {}

    /** A letter not replayed, and why, in one line. */
    public record Skipped(DeadLetterId id, String reason) {}
}
