package io.sluice.db;

import io.sluice.core.consumer.FailureClassifier;
import io.sluice.core.consumer.FailureKind;
import io.sluice.core.consumer.PoisonRecordException;
import java.sql.SQLException;

/**
 * The one place that maps database failures to {@link FailureKind}, by SQLState.
 *
 * <ul>
 *   <li>Data ({@code DATA}): class 22 (data exception: bad encoding, NUL byte, value too long) and class 23
 *       (integrity constraint violation) — the record itself is at fault; retrying cannot help.
 *   <li>Everything else is {@code TRANSIENT}, in particular class 08 (connection), class 53 (insufficient
 *       resources), 57P01..57P03 (admin shutdown, crash, cannot connect now), 40001 and 40P01 (serialization
 *       failure, deadlock), and a pool timeout (no SQLState). Unknown failures are treated as outages on purpose:
 *       a stalled partition shows in health; a flooded dead-letter topic loses the operator's trust.
 * </ul>
 *
 * Thread-safe and stateless.
 */
public final class SqlFailureClassifier implements FailureClassifier {
    public static final SqlFailureClassifier INSTANCE = new SqlFailureClassifier();

    @Override
    public FailureKind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PoisonRecordException) {
                return FailureKind.DATA;
            }
        }
        String state = sqlState(failure);
        return isDataError(state) ? FailureKind.DATA : FailureKind.TRANSIENT;
    }

    public static boolean isDataError(String sqlState) {
        return sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("23"));
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return "23505".equals(sqlState(failure));
    }

    /** The SQLState of the first {@link SQLException} in the cause chain (or its next exceptions), or null. */
    public static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (e.getSQLState() != null) {
                        return e.getSQLState();
                    }
                }
            }
        }
        return null;
    }
}
