package io.sluice.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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

    /**
     * Runs {@code work} on an auto-commit connection without the pool's limits ({@link
     * DatabaseConfig#socketTimeout()}, {@link DatabaseConfig#statementTimeout()}): for work known to run long, such as
     * building an index. The limits are restored before the connection goes back to the pool.
     */
    public static <R> R maintenance(DataSource dataSource, String what, SqlWork<R> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setNetworkTimeout(Runnable::run, 0); // the pool restores its own when the connection is returned
            try (Statement st = c.createStatement()) {
                st.execute("SET statement_timeout = 0");
            }
            try {
                return work.run(c);
            } finally {
                try (Statement st = c.createStatement()) {
                    if (!c.getAutoCommit()) {
                        c.rollback(); // what the work left open (nothing after its commit), so that RESET runs
                    }
                    st.execute("RESET statement_timeout");
                } catch (SQLException e) {
                    // the connection is broken: the pool evicts it, and the work's own failure is the one to report
                }
            }
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
