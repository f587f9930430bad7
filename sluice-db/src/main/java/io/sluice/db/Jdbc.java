package io.sluice.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Small JDBC helpers that turn {@link SQLException} into {@link DatabaseException} and never leak connections. */
public final class Jdbc {
    private Jdbc() {}

    /** Work against one connection; may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlWork<R> {
        R run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction: commit on return, roll back on any exception. */
    public static <R> R transaction(DataSource dataSource, String what, SqlWork<R> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                R result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException(what + " failed", e);
        }
    }

    /** Runs {@code work} on an auto-commit connection. */
    public static <R> R query(DataSource dataSource, String what, SqlWork<R> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseException(what + " failed", e);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
