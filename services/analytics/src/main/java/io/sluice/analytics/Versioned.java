package io.sluice.analytics;

import io.sluice.cdc.SourcePosition;

/**
 * A row at one position of the source's log, or its deletion there: the value of the version-guarded tables. A
 * deletion keeps its position (a tombstone with a version), so an older update that arrives after it is still
 * recognised as older and ignored.
 *
 * @param commitLsn {@link SourcePosition#commitLsn()}
 * @param changeLsn {@link SourcePosition#changeLsn()}
 * @param deleted whether the row was deleted at this position
 * @param row the row; null for a deletion
 */
public record Versioned<T>(long commitLsn, long changeLsn, boolean deleted, T row) {

    static <T> Versioned<T> of(SourcePosition position, T row) {
        return new Versioned<>(position.commitLsn(), position.changeLsn(), false, row);
    }

    static <T> Versioned<T> deletion(SourcePosition position) {
        return new Versioned<>(position.commitLsn(), position.changeLsn(), true, null);
    }

    SourcePosition position() {
        return new SourcePosition(commitLsn, changeLsn);
    }

    /**
     * The version that wins between the one held ({@code current}, null when the key was never seen) and the one
     * arriving: the arriving one unless the held one is strictly after it. Ties (events without a position, or a
     * redelivery of the same change) go to the later arrival, which is the same change or the newer one in the
     * topic's order.
     */
    static <T> Versioned<T> newer(Versioned<T> current, Versioned<T> incoming) {
        if (current == null) {
            return incoming;
        }
        return current.position().isAfter(incoming.position()) ? current : incoming;
    }

    /** The row while it exists, null once deleted. */
    T live() {
        return deleted ? null : row;
    }
}
