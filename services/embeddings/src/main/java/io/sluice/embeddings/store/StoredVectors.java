package io.sluice.embeddings.store;

import io.sluice.db.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * What an index kept outside PostgreSQL reads from {@code text_embeddings}: every vector (rebuild), some vectors
 * (catch-up), the ids and the count (comparison), and the rows of search results. Thread-safe.
 */
final class StoredVectors {
    private static final String COLUMNS = "text_message_id, embedding::real[], source, message_created_at";

    private final DataSource dataSource;

    StoredVectors(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Streams every stored vector in chunks of {@code chunk} (one transaction, a cursor); returns how many. */
    int forEach(int chunk, Consumer<List<StoredEmbedding>> sink) {
        return Jdbc.transaction(dataSource, "reading every vector", c -> {
            int count = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM text_embeddings")) {
                ps.setFetchSize(chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    List<StoredEmbedding> rows = new ArrayList<>(chunk);
                    while (rs.next()) {
                        rows.add(row(rs));
                        if (rows.size() == chunk) {
                            sink.accept(rows);
                            count += rows.size();
                            rows = new ArrayList<>(chunk);
                        }
                    }
                    sink.accept(rows);
                    count += rows.size();
                }
            }
            return count;
        });
    }

    List<StoredEmbedding> fetch(List<UUID> ids) {
        return Jdbc.query(dataSource, "reading " + ids.size() + " vectors", c -> {
            List<StoredEmbedding> out = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM text_embeddings WHERE text_message_id = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
            }
            return out;
        });
    }

    /** The rows of these message ids, as search hits without a distance. */
    Map<UUID, SearchHit> hits(List<UUID> ids) {
        return Jdbc.query(dataSource, "reading search results", c -> {
            Map<UUID, SearchHit> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, text_message_id, text_content, created_at"
                    + " FROM text_embeddings WHERE text_message_id = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(2, UUID.class);
                        out.put(id, new SearchHit(rs.getLong(1), id, rs.getString(3), 0, VectorCodec.instant(rs, 4)));
                    }
                }
            }
            return out;
        });
    }

    long count() {
        return Jdbc.query(dataSource, "counting embeddings", c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM text_embeddings")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    Set<UUID> ids() {
        return Jdbc.query(dataSource, "listing embedded ids", c -> {
            Set<UUID> out = new HashSet<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT text_message_id FROM text_embeddings")) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
            return out;
        });
    }

    private static StoredEmbedding row(ResultSet rs) throws SQLException {
        return new StoredEmbedding(
                rs.getObject(1, UUID.class),
                VectorCodec.floats(rs.getArray(2)),
                rs.getString(3),
                VectorCodec.instant(rs, 4));
    }
}
