package io.sluice.search;

/**
 * What one {@link SearchStore#apply} did, for counters and logs.
 *
 * @param indexed versions written (insert, update, snapshot read)
 * @param deleted deletions that left a tombstone
 * @param stale versions not after the stored version of their product (replays, reordering): nothing changed
 */
public record Indexed(int indexed, int deleted, int stale) {
    public static final Indexed NOTHING = new Indexed(0, 0, 0);
}
