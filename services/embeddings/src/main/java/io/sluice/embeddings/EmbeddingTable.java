package io.sluice.embeddings;

import io.sluice.db.Jdbc;
import io.sluice.embeddings.store.StoredEmbedding;
import io.sluice.embeddings.store.VectorCodec;
import io.sluice.embeddings.store.VectorStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The projection's SQL: finding texts without an embedding (anti-joins, never a timestamp watermark), writing
 * embeddings and failures, and the model stamp. Thread-safe (a pooled connection per call).
 */
final class EmbeddingTable {
    /**
     * The anti-join; {@code %1$s} is the condition on {@code m.id}, {@code %2$s} and {@code %3$s} the same bound on the
     * embeddings and the failures. A sweep page repeats its cursor there ({@code e.text_message_id > ?}): PostgreSQL
     * does not carry an inequality across {@code e.text_message_id = m.id}, so without it every page merged with the
     * embeddings index from its first entry (or hashed the whole table): O(rows) per page, O(rows²) per sweep. With it
     * a page reads both indexes from the cursor on.
     */
    private static final String PENDING =
            """
            SELECT m.id, m.message FROM text_messages m
            WHERE %1$s
              AND NOT EXISTS (SELECT 1 FROM text_embeddings e WHERE e.text_message_id = m.id%2$s)
              AND NOT EXISTS (SELECT 1 FROM embedding_failures f WHERE f.text_message_id = m.id%3$s)
            """;
    /**
     * All of a batch's vectors travel as one flat {@code real[]} parameter, which the driver sends in binary (4 bytes
     * a float); row i takes its slice. Text literals cost more CPU than the rest of the write: formatting 384 floats
     * per vector here, parsing them again in PostgreSQL.
     */
    private static final String INSERT =
            """
            INSERT INTO text_embeddings (text_message_id, text_content, embedding, model, source, message_created_at)
            SELECT m.id, m.message, v.flat[(u.i - 1) * v.dim + 1 : u.i * v.dim]::%s, ?, m.source, m.created_at
            FROM (SELECT ?::real[] AS flat, ?::int AS dim) v,
                 unnest(?::uuid[]) WITH ORDINALITY AS u(id, i) JOIN text_messages m ON m.id = u.id
            ON CONFLICT (text_message_id) DO NOTHING
            RETURNING text_message_id, source, message_created_at""";

    private static final String FAIL =
            """
            INSERT INTO embedding_failures (text_message_id, reason, model)
            SELECT u.id, u.reason, ? FROM unnest(?::uuid[], ?::text[]) AS u(id, reason)
            WHERE EXISTS (SELECT 1 FROM text_messages m WHERE m.id = u.id)
            ON CONFLICT (text_message_id) DO UPDATE SET reason = excluded.reason, failed_at = now()""";

    private final DataSource dataSource;

    EmbeddingTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Up to {@code limit} pending texts with ids above {@code after} (all when null), in id order: one sweep step. */
    List<PendingText> pendingAfter(UUID after, int limit) {
        String sql = after == null
                ? PENDING.formatted("TRUE", "", "") + " ORDER BY m.id LIMIT ?"
                : PENDING.formatted("m.id > ?", " AND e.text_message_id > ?", " AND f.text_message_id > ?")
                        + " ORDER BY m.id LIMIT ?";
        return Jdbc.query(dataSource, "sweeping for texts without embeddings", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (after != null) {
                    ps.setObject(i++, after);
                    ps.setObject(i++, after);
                    ps.setObject(i++, after);
                }
                ps.setInt(i, limit);
                return pending(ps);
            }
        });
    }

    /** The pending texts among {@code ids} (ids that have an embedding, a failure, or no row are left out). */
    List<PendingText> pending(Collection<UUID> ids) {
        return Jdbc.query(dataSource, "reading " + ids.size() + " notified texts", c -> {
            try (PreparedStatement ps = c.prepareStatement(PENDING.formatted("m.id = ANY(?)", "", ""))) {
                ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                return pending(ps);
            }
        });
    }

    private static List<PendingText> pending(PreparedStatement ps) throws SQLException {
        List<PendingText> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new PendingText(rs.getObject(1, UUID.class), rs.getString(2)));
            }
        }
        return out;
    }

    /** One text's outcome: a vector, or the reason it cannot be embedded. */
    record Outcome(UUID id, float[] vector, String failure) {}

    /**
     * Stores a batch's embeddings and failures in one transaction. Messages deleted meanwhile are skipped; a message
     * that got an embedding meanwhile keeps it (exactly one per message).
     *
     * @return the embeddings this call inserted
     */
    List<StoredEmbedding> write(List<Outcome> outcomes, String model, VectorStore store) {
        List<UUID> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        List<UUID> failedIds = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        java.util.Map<UUID, float[]> byId = new java.util.HashMap<>();
        for (Outcome o : outcomes) {
            if (o.vector() != null) {
                ids.add(o.id());
                vectors.add(o.vector());
                byId.put(o.id(), o.vector());
            } else {
                failedIds.add(o.id());
                reasons.add(o.failure());
            }
        }
        int dimension = vectors.isEmpty() ? 0 : vectors.get(0).length;
        float[] flat = new float[vectors.size() * dimension];
        for (int i = 0; i < vectors.size(); i++) {
            if (vectors.get(i).length != dimension) {
                throw new IllegalArgumentException(
                        "vectors of " + dimension + " and " + vectors.get(i).length + " dimensions in one batch");
            }
            System.arraycopy(vectors.get(i), 0, flat, i * dimension, dimension);
        }
        return Jdbc.transaction(dataSource, "writing " + outcomes.size() + " embeddings", c -> {
            List<StoredEmbedding> stored = new ArrayList<>();
            if (!ids.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(INSERT.formatted(store.columnType()))) {
                    ps.setString(1, model);
                    ps.setObject(2, flat); // float[]: binary float4[]
                    ps.setInt(3, dimension);
                    ps.setArray(4, c.createArrayOf("uuid", ids.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            UUID id = rs.getObject(1, UUID.class);
                            stored.add(new StoredEmbedding(id, byId.get(id), rs.getString(2), instant(rs, 3)));
                        }
                    }
                }
            }
            if (!failedIds.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(FAIL)) {
                    ps.setString(1, model);
                    ps.setArray(2, c.createArrayOf("uuid", failedIds.toArray()));
                    ps.setArray(3, c.createArrayOf("text", reasons.toArray()));
                    ps.executeUpdate();
                }
            }
            return stored;
        });
    }

    /** Counters for {@code /status}. */
    record Counts(long embedded, long failed, long backlog, Double freshnessSeconds, Instant lastEmbeddedAt) {}

    Counts counts() {
        return Jdbc.query(dataSource, "counting embeddings", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                            """
                            SELECT (SELECT count(*) FROM text_embeddings),
                                   (SELECT count(*) FROM embedding_failures),
                                   (SELECT max(created_at) FROM text_embeddings),
                                   p.n, extract(epoch FROM now() - p.oldest)
                            FROM (SELECT count(*) AS n, min(m.processed_at) AS oldest FROM text_messages m
                                  WHERE NOT EXISTS (SELECT 1 FROM text_embeddings e WHERE e.text_message_id = m.id)
                                    AND NOT EXISTS (SELECT 1 FROM embedding_failures f
                                                    WHERE f.text_message_id = m.id)) p""");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                long backlog = rs.getLong(4);
                double fresh = rs.getDouble(5);
                return new Counts(
                        rs.getLong(1),
                        rs.getLong(2),
                        backlog,
                        backlog == 0 ? 0.0 : Math.max(0, Math.round(fresh * 1000) / 1000.0),
                        instant(rs, 3));
            }
        });
    }

    /**
     * Stamps the table with {@code model}; when the stored vectors come from another model (or dimension) they are
     * all dropped, with the failures, so that everything is embedded again by this one.
     *
     * @return the epoch of the stored vectors
     */
    String stamp(String model, int dimension) {
        return Jdbc.transaction(dataSource, "stamping the embeddings with " + model, c -> {
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT model, dimension, epoch FROM embedding_state FOR UPDATE");
                    ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1).equals(model) && rs.getInt(2) == dimension) {
                    return rs.getString(3);
                }
            }
            return reset(c, model, dimension);
        });
    }

    /** Drops every embedding and failure and starts a new epoch: everything is embedded again. */
    String resetAll(String model, int dimension) {
        return Jdbc.transaction(dataSource, "dropping all embeddings", c -> reset(c, model, dimension));
    }

    private static String reset(Connection c, String model, int dimension) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("TRUNCATE text_embeddings, embedding_failures");
        }
        String epoch = UUID.randomUUID().toString();
        try (PreparedStatement ps = c.prepareStatement(
                """
                INSERT INTO embedding_state (singleton, model, dimension, epoch) VALUES (TRUE, ?, ?, ?::uuid)
                ON CONFLICT (singleton) DO UPDATE
                SET model = excluded.model, dimension = excluded.dimension, epoch = excluded.epoch, updated_at = now()""")) {
            ps.setString(1, model);
            ps.setInt(2, dimension);
            ps.setString(3, epoch);
            ps.executeUpdate();
        }
        return epoch;
    }

    /** Forgets every recorded failure, so those texts are tried again. */
    int clearFailures() {
        return Jdbc.query(dataSource, "clearing failures", c -> {
            try (var st = c.createStatement()) {
                return st.executeUpdate("DELETE FROM embedding_failures");
            }
        });
    }

    /** What is known about one message's embedding, for {@code GET /embeddings/{id}}. */
    record Lookup(
            UUID messageId,
            Long embeddingId,
            String textContent,
            float[] vector,
            String model,
            Instant createdAt,
            String failure,
            Instant failedAt) {}

    /** The message with this id (a UUID, or the producer's non-UUID id kept in {@code source_id}), if any. */
    java.util.Optional<Lookup> find(String id) {
        UUID uuid = asUuid(id);
        String where = uuid != null ? "m.id = ?" : "m.source_id = ?";
        return Jdbc.query(dataSource, "reading the embedding of " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    """
                    SELECT m.id, e.id, e.text_content, e.embedding::real[], e.model, e.created_at, f.reason, f.failed_at
                    FROM text_messages m
                    LEFT JOIN text_embeddings e ON e.text_message_id = m.id
                    LEFT JOIN embedding_failures f ON f.text_message_id = m.id
                    WHERE %s LIMIT 1"""
                            .formatted(where))) {
                ps.setObject(1, uuid != null ? uuid : id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return java.util.Optional.<Lookup>empty();
                    }
                    long embeddingId = rs.getLong(2);
                    boolean embedded = !rs.wasNull();
                    return java.util.Optional.of(new Lookup(
                            rs.getObject(1, UUID.class),
                            embedded ? embeddingId : null,
                            rs.getString(3),
                            embedded ? VectorCodec.floats(rs.getArray(4)) : null,
                            rs.getString(5),
                            instant(rs, 6),
                            rs.getString(7),
                            instant(rs, 8)));
                }
            }
        });
    }

    private static UUID asUuid(String id) {
        if (!id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            return null;
        }
        return UUID.fromString(id);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        return VectorCodec.instant(rs, column);
    }
}
