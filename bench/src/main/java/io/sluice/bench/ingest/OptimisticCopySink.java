package io.sluice.bench.ingest;

import io.sluice.core.consumer.Decoded;
import io.sluice.db.SqlFailureClassifier;
import io.sluice.db.TransactionalSink;
import io.sluice.textwriter.TextMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A candidate for production, measured by {@code --sink copy-optimistic}: {@code COPY} the batch straight into
 * {@code text_messages}, and only if that hits an existing id (SQLState 23505) roll back to a savepoint and write
 * the batch the production way ({@code INSERT ... SELECT FROM unnest(...) ON CONFLICT (id) DO NOTHING}); offsets in
 * the same transaction either way.
 *
 * <p>Why it is safe: with offsets stored in the batch's transaction, a replay after a crash never reaches the table
 * (the loop resumes after the last committed batch), so an id conflict only comes from a genuinely repeated id — a
 * producer sending the same message twice, or a row created through the API first. Those batches pay for both
 * attempts; every other batch gets COPY's bulk path ({@code heap_multi_insert}, about one WAL record per page instead
 * of two per row with speculative insertion). Same rows, same first-text-wins rule.
 */
final class OptimisticCopySink extends TransactionalSink<TextMessage> {
    private static final String COPY = "COPY text_messages (id, message, source_id, created_at) FROM STDIN";
    /** The production statement ({@code TextMessageSink}), for batches that repeat an id. */
    private static final String INSERT =
            """
            INSERT INTO text_messages (id, message, source, source_id, created_at, processed_at)
            SELECT u.id, u.message, 'kafka', u.source_id, to_timestamp(u.created_ms / 1000.0), now()
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[]) AS u(id, message, source_id, created_ms)
            ON CONFLICT (id) DO NOTHING""";

    private static final byte[] NULL = {'\\', 'N'};

    OptimisticCopySink(DataSource dataSource, String groupId) {
        super(dataSource, groupId, "text_messages");
    }

    @Override
    protected void writeRows(Connection c, List<Decoded<TextMessage>> records) throws SQLException {
        Savepoint beforeCopy = c.setSavepoint();
        try {
            copy(c, records);
            c.releaseSavepoint(beforeCopy);
        } catch (SQLException e) {
            if (!SqlFailureClassifier.isUniqueViolation(e)) {
                throw e;
            }
            c.rollback(beforeCopy);
            insertSkippingExisting(c, records);
        }
    }

    private static void copy(Connection c, List<Decoded<TextMessage>> records) throws SQLException {
        byte[] rows = encode(records);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            copy.writeToCopy(rows, 0, rows.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /**
     * The batch in COPY text format: id, message, source_id, created_at (ISO-8601 UTC). {@code source} and
     * {@code processed_at} take their column defaults ({@code 'kafka'}, the transaction's start like {@code now()}).
     */
    static byte[] encode(List<Decoded<TextMessage>> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 192);
        for (Decoded<TextMessage> r : records) {
            TextMessage m = r.value();
            out.writeBytes(m.id().toString().getBytes(StandardCharsets.US_ASCII));
            out.write('\t');
            CopyText.escape(out, m.message());
            out.write('\t');
            if (m.sourceId() == null) {
                out.writeBytes(NULL);
            } else {
                CopyText.escape(out, m.sourceId());
            }
            out.write('\t');
            long created = r.timestamp() >= 0 ? r.timestamp() : System.currentTimeMillis();
            out.writeBytes(Instant.ofEpochMilli(created).toString().getBytes(StandardCharsets.US_ASCII));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static void insertSkippingExisting(Connection c, List<Decoded<TextMessage>> records) throws SQLException {
        int n = records.size();
        UUID[] ids = new UUID[n];
        String[] messages = new String[n];
        String[] sourceIds = new String[n];
        Long[] created = new Long[n];
        for (int i = 0; i < n; i++) {
            Decoded<TextMessage> r = records.get(i);
            ids[i] = r.value().id();
            messages[i] = r.value().message();
            sourceIds[i] = r.value().sourceId();
            created[i] = r.timestamp() >= 0 ? r.timestamp() : System.currentTimeMillis();
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("text", messages));
            ps.setArray(3, c.createArrayOf("text", sourceIds));
            ps.setArray(4, c.createArrayOf("bigint", created));
            ps.executeUpdate();
        }
    }
}
