package io.sluice.bench.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The JDBC baseline of {@code GET /messages/{id}}: the lookup the text writer's API runs (every column of one
 * {@code text_messages} row by its primary key), straight over a pool, without HTTP or JSON. The benchmark's own
 * copy of the query, since it does not load the service's classes.
 */
final class PointLookup {
    private static final String QUERY =
            "SELECT id, message, source, source_id, created_at, processed_at FROM text_messages WHERE id = ?";

    private final DataSource dataSource;

    PointLookup(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether the row exists, having read all its columns. */
    boolean find(UUID id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                rs.getObject(1, UUID.class);
                rs.getString(2);
                rs.getString(3);
                rs.getString(4);
                rs.getTimestamp(5);
                rs.getTimestamp(6);
                return true;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading message " + id + " failed: " + e.getMessage(), e);
        }
    }
}
