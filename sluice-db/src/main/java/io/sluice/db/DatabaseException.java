package io.sluice.db;

import java.sql.SQLException;

/** A database call failed; the {@link SQLException} (and its SQLState) is kept as the cause for classification. */
public class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    /** The SQLState of the first {@link SQLException} in the cause chain, or null. */
    public String sqlState() {
        return SqlFailureClassifier.sqlState(this);
    }
}
