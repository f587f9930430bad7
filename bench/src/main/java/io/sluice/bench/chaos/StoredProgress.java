package io.sluice.bench.chaos;

import io.sluice.db.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How far a writer got, read from what it committed: the sum of its next offsets in {@code sluice_offsets} (with
 * offsets from 0 and no gaps, the number of records consumed, dead-lettered ones included). Short timeouts, since
 * PostgreSQL is sometimes down on purpose.
 */
final class StoredProgress implements AutoCloseable {
    private final DatabaseConfig db;
    private final String group;
    private Connection connection;

    StoredProgress(DatabaseConfig db, String group) {
        this.db = db;
        this.group = group;
    }

    /** Records consumed so far, or -1 when PostgreSQL does not answer (or the table does not exist yet). */
    long consumed() {
        try {
            return query(connection());
        } catch (SQLException e) {
            close();
            return -1;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Properties p = new Properties();
            p.setProperty("user", db.user());
            p.setProperty("password", db.password());
            p.setProperty("connectTimeout", "2");
            p.setProperty("socketTimeout", "5");
            connection = DriverManager.getConnection(db.jdbcUrl(), p);
        }
        return connection;
    }

    private long query(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT coalesce(sum(next_offset), 0) FROM sluice_offsets WHERE group_id = ?")) {
            ps.setString(1, group);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already broken
            }
            connection = null;
        }
    }
}
