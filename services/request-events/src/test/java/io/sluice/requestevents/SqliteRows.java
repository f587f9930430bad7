package io.sluice.requestevents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the service's SQLite file from a test, on a connection of its own (WAL: readers never block the writer). */
final class SqliteRows {
    private final Path path;

    SqliteRows(Path path) {
        this.path = path.toAbsolutePath();
    }

    /** {@code SELECT count(*) ...}; 0 while the file or table does not exist yet. */
    long count(String sql) {
        List<Map<String, Object>> rows = query(sql);
        return rows.isEmpty()
                ? 0
                : ((Number) rows.getFirst().values().iterator().next()).longValue();
    }

    /** The rows; empty while the file or table does not exist yet. */
    List<Map<String, Object>> query(String sql) {
        if (!Files.exists(path)) {
            return List.of();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + path);
                Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 5000");
            try (ResultSet rs = st.executeQuery(sql)) {
                List<Map<String, Object>> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= n; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table")) {
                return List.of();
            }
            throw new IllegalStateException("reading " + path + ": " + e.getMessage(), e);
        }
    }

    List<String> strings(String sql) {
        return query(sql).stream()
                .map(r -> String.valueOf(r.values().iterator().next()))
                .toList();
    }
}
