package io.sluice.textwriter;

import io.sluice.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Queries and API writes on {@code text_messages}. Thread-safe (a pooled connection per call). */
public final class TextMessageStore {
    private static final String COLUMNS = "id, message, source, source_id, created_at, processed_at";

    private final DataSource dataSource;

    public TextMessageStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A page of messages, newest first, and the total row count.
     *
     * @param truncated the page budget ended it before the limit (more rows follow it)
     */
    public record Page(List<StoredMessage> messages, long total, boolean truncated) {}

    /** What a row weighs besides its texts (id, source, timestamps, JSON names): a few dozen bytes. */
    private static final long ROW_OVERHEAD = 160;

    /** The original's statistics over {@code processed_at}. */
    public record Stats(long total, long lastHour, Instant oldest, Instant newest) {}

    /** Outcome of {@link #create}. */
    public enum Created {
        CREATED,
        EXISTS,
        CONFLICT
    }

    /**
     * Up to {@code limit} messages from {@code offset}, fewer when they weigh more than {@code maxBytes} (at least
     * one; see {@link io.sluice.db.Page}).
     */
    public Page list(int limit, int offset, long maxBytes) {
        io.sluice.db.Page<StoredMessage> page = io.sluice.db.Page.read(
                dataSource,
                "listing messages",
                "SELECT " + COLUMNS + " FROM text_messages ORDER BY processed_at DESC, id DESC LIMIT ? OFFSET ?",
                ps -> {
                    ps.setInt(1, limit);
                    ps.setInt(2, offset);
                },
                limit,
                maxBytes,
                TextMessageStore::row,
                m -> ROW_OVERHEAD
                        + io.sluice.db.Page.utf8Length(m.message())
                        + io.sluice.db.Page.utf8Length(m.sourceId()));
        long total = Jdbc.query(dataSource, "counting messages", TextMessageStore::count);
        return new Page(page.rows(), total, page.truncated());
    }

    public Optional<StoredMessage> find(UUID id) {
        return Jdbc.query(dataSource, "reading message " + id, c -> find(c, id));
    }

    /** Inserts an API message unless its id exists; tells whether the existing text is the same. */
    public Created create(TextMessage m) {
        return Jdbc.transaction(dataSource, "creating message " + m.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO text_messages (id, message, source, source_id) VALUES (?, ?, 'api', ?)"
                            + " ON CONFLICT (id) DO NOTHING")) {
                ps.setObject(1, m.id());
                ps.setString(2, m.message());
                ps.setString(3, m.sourceId());
                if (ps.executeUpdate() == 1) {
                    return Created.CREATED;
                }
            }
            return find(c, m.id())
                    .map(existing -> existing.message().equals(m.message()) ? Created.EXISTS : Created.CONFLICT)
                    .orElse(Created.CONFLICT);
        });
    }

    public Stats stats() {
        return Jdbc.query(dataSource, "computing stats", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*),"
                            + " count(*) FILTER (WHERE processed_at > now() - interval '1 hour'),"
                            + " min(processed_at), max(processed_at) FROM text_messages");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Stats(
                        rs.getLong(1), rs.getLong(2), instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)));
            }
        });
    }

    private static Optional<StoredMessage> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM text_messages WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM text_messages");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static StoredMessage row(ResultSet rs) throws SQLException {
        return new StoredMessage(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                instant(rs.getTimestamp(5)),
                instant(rs.getTimestamp(6)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
