package io.sluice.bench.ingest;

import io.sluice.core.consumer.Decoded;
import io.sluice.db.TransactionalSink;
import io.sluice.textwriter.TextMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * An alternative to the production {@code TextMessageSink}, to compare strategies: {@code COPY} the batch into a
 * temporary staging table, then one {@code INSERT ... SELECT ... ON CONFLICT (id) DO NOTHING} into
 * {@code text_messages}, with the offsets in the same transaction. Same rows, same idempotency; only the way rows
 * travel to the server differs (COPY text format instead of array literals parsed by {@code unnest}).
 */
final class CopyTextMessageSink extends TransactionalSink<TextMessage> {
    private static final String CREATE_STAGE =
            """
            CREATE TEMP TABLE IF NOT EXISTS text_messages_stage (
                id uuid, message text, source_id text, created_ms bigint) ON COMMIT DELETE ROWS""";
    private static final String COPY = "COPY text_messages_stage (id, message, source_id, created_ms) FROM STDIN";
    private static final String INSERT =
            """
            INSERT INTO text_messages (id, message, source, source_id, created_at, processed_at)
            SELECT id, message, 'kafka', source_id, to_timestamp(created_ms / 1000.0), now()
            FROM text_messages_stage
            ON CONFLICT (id) DO NOTHING""";
    private static final byte[] NULL = {'\\', 'N'};

    CopyTextMessageSink(DataSource dataSource, String groupId) {
        super(dataSource, groupId, "text_messages");
    }

    @Override
    protected void writeRows(Connection c, List<Decoded<TextMessage>> records) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(CREATE_STAGE);
        }
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
        try (Statement st = c.createStatement()) {
            st.executeUpdate(INSERT);
        }
    }

    /** The batch in COPY text format: tab-separated columns, one line per row, {@code \N} for null. */
    static byte[] encode(List<Decoded<TextMessage>> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 160);
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
            out.writeBytes(Long.toString(created).getBytes(StandardCharsets.US_ASCII));
            out.write('\n');
        }
        return out.toByteArray();
    }
}
