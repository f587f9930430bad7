package io.sluice.textwriter;

import io.sluice.core.consumer.Decoded;
import io.sluice.db.TransactionalSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes a batch of texts with one {@code INSERT ... SELECT FROM unnest(...)} statement (array parameters: one
 * round trip whatever the batch size), and the batch's offsets in the same transaction. A replayed id changes
 * nothing ({@code ON CONFLICT DO NOTHING}); the first text stored under an id wins.
 */
public final class TextMessageSink extends TransactionalSink<TextMessage> {
    private static final String INSERT =
            """
            INSERT INTO text_messages (id, message, source, source_id, created_at, processed_at)
            SELECT u.id, u.message, 'kafka', u.source_id, to_timestamp(u.created_ms / 1000.0), now()
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[]) AS u(id, message, source_id, created_ms)
            ON CONFLICT (id) DO NOTHING""";

    public TextMessageSink(DataSource dataSource, String groupId) {
        super(dataSource, groupId, "text_messages");
    }

    @Override
    protected void writeRows(Connection c, List<Decoded<TextMessage>> records) throws SQLException {
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
