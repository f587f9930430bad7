package io.sluice.bench.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Fills {@code text_messages} with rows for the API benchmark, in SQL, and samples ids to look up. */
final class SeededRows {
    private SeededRows() {}

    /** Inserts {@code rows} rows of about 100 bytes of text and returns up to {@code sample} of their ids. */
    static List<UUID> insert(DataSource dataSource, long rows, int sample) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    """
                    INSERT INTO text_messages (id, message, source, created_at, processed_at)
                    SELECT gen_random_uuid(), 'seeded message ' || g || ' ' || repeat('x', 70), 'kafka',
                           now() - g * interval '1 ms', now() - g * interval '1 ms'
                    FROM generate_series(1, ?) AS g""")) {
                ps.setLong(1, rows);
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE text_messages");
            }
            List<UUID> ids = new ArrayList<>(sample);
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM text_messages ORDER BY random() LIMIT ?")) {
                ps.setInt(1, sample);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("could not seed " + rows + " rows: " + e.getMessage(), e);
        }
    }
}
