package io.sluice.cdc;

import java.util.Comparator;

/**
 * Where a change sits in the source's log, as a version that orders changes ({@code ts_ms} does not: many changes
 * share a millisecond).
 *
 * <p>{@code changeLsn} is the change's own LSN (Debezium's {@code source.lsn}, {@code __lsn} when flattened).
 * {@code commitLsn} is the log position of the last commit before the change's transaction (the first element of
 * Debezium's {@code source.sequence}, {@code __source_sequence} when flattened): the same for every change of one
 * transaction and never smaller for a later transaction, so (commitLsn, changeLsn) orders changes as the connector
 * streams them, which is commit order. 0 means unknown: Debezium sends no commit position for snapshot reads and
 * the first transaction after them, and the flattened format has none unless {@code source.sequence} is among its
 * {@code add.fields}. Without it, positions compare by change LSN alone, which still orders the changes of one row
 * (PostgreSQL's row locks serialise them) but not those of different rows in concurrent transactions.
 *
 * <p>Compare positions of one source database only (one replication slot's log).
 */
public record SourcePosition(long commitLsn, long changeLsn) implements Comparable<SourcePosition> {
    /** A change with no position (an event without {@code lsn}): before every other. */
    public static final SourcePosition NONE = new SourcePosition(0, 0);

    private static final Comparator<SourcePosition> ORDER =
            Comparator.comparingLong(SourcePosition::commitLsn).thenComparingLong(SourcePosition::changeLsn);

    public SourcePosition {
        if (commitLsn < 0 || changeLsn < 0) {
            throw new IllegalArgumentException("LSNs are unsigned, got " + commitLsn + "/" + changeLsn);
        }
    }

    /**
     * Whether this position is after {@code other}. When either commit position is unknown, only the change LSNs are
     * compared (see the class comment).
     */
    public boolean isAfter(SourcePosition other) {
        if (commitLsn == 0 || other.commitLsn == 0) {
            return changeLsn > other.changeLsn;
        }
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(SourcePosition other) {
        return ORDER.compare(this, other);
    }

    /** PostgreSQL's text form of the change LSN, {@code 0/2D2E1A8}. */
    public String changeLsnText() {
        return Long.toHexString(changeLsn >>> 32).toUpperCase() + "/"
                + Long.toHexString(changeLsn & 0xFFFFFFFFL).toUpperCase();
    }
}
