package io.sluice.bench.ingest;

import io.sluice.db.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs {@code CHECKPOINT} before a timed phase, so neither phase pays for flushing the other's dirty pages. Needs
 * superuser or {@code pg_checkpoint}; without them the phase simply runs unflushed.
 */
final class Checkpoint {
    private Checkpoint() {}

    static void run(DatabaseConfig db) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            run(c);
        } catch (SQLException e) {
            // Not allowed or unreachable: the timed phase will show it.
        }
    }

    static void run(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("CHECKPOINT");
        } catch (SQLException e) {
            // Not allowed: measure without it.
        }
    }
}
