package io.sluice.requestevents.store;

import io.sluice.core.consumer.FailureClassifier;
import io.sluice.core.consumer.FailureKind;
import io.sluice.db.SqlFailureClassifier;
import org.sqlite.SQLiteException;

/**
 * Classifies SQLite failures by their result code, and everything else as {@link SqlFailureClassifier} does.
 *
 * <ul>
 *   <li>Data: {@code SQLITE_CONSTRAINT}, {@code SQLITE_TOOBIG}, {@code SQLITE_MISMATCH}, {@code SQLITE_RANGE} —
 *       the record itself cannot be stored.
 *   <li>Transient, everything else from SQLite, in particular {@code SQLITE_READONLY} (file or disk made
 *       read-only), {@code SQLITE_CANTOPEN} (directory missing or unreadable), {@code SQLITE_BUSY} and
 *       {@code SQLITE_LOCKED} (another process holds the lock past the busy timeout), {@code SQLITE_IOERR},
 *       {@code SQLITE_FULL}: the store is unavailable, so the consumer pauses and retries — nothing is lost.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class SqliteFailureClassifier implements FailureClassifier {
    public static final SqliteFailureClassifier INSTANCE = new SqliteFailureClassifier();

    private static final int CONSTRAINT = 19;
    private static final int TOOBIG = 18;
    private static final int MISMATCH = 20;
    private static final int RANGE = 25;

    @Override
    public FailureKind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException e) {
                return switch (primaryCode(e)) {
                    case CONSTRAINT, TOOBIG, MISMATCH, RANGE -> FailureKind.DATA;
                    default -> FailureKind.TRANSIENT;
                };
            }
        }
        return SqlFailureClassifier.INSTANCE.classify(failure);
    }

    /** The primary result code (extended codes carry it in their low byte), e.g. 8 for any SQLITE_READONLY_*. */
    static int primaryCode(SQLiteException e) {
        return e.getResultCode().code & 0xFF;
    }
}
