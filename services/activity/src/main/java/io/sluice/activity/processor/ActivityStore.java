package io.sluice.activity.processor;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.OffsetStore;
import io.sluice.core.json.Json;
import io.sluice.db.Database;
import io.sluice.db.Jdbc;
import io.sluice.db.JdbcOffsetStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The activity tables in PostgreSQL ({@code db/activity}). {@link #store} writes a batch and its next offsets in one
 * transaction ({@link JdbcOffsetStore}): exactly-once; the reads serve the API. Thread-safe (state lives in the
 * database); throws {@link io.sluice.db.DatabaseException} on failure, which the loop classifies by SQLState (an outage
 * pauses it, a data error isolates the record for the dead-letter topic).
 */
final class ActivityStore {
    static final String HISTORY_TABLE = "activity_schema_history";
    static final String MIGRATIONS = "classpath:db/activity";

    /** A user's aggregate. */
    record UserActivity(
            String userId, long events, Instant firstSeen, Instant lastSeen, long sessions, Map<String, Long> byType) {}

    /** A session's aggregate; {@code pages} counts its page views ({@code page_view} events). */
    record SessionActivity(
            String sessionId, String userId, Instant startedAt, Instant endedAt, long events, long pages) {}

    /** Events of one type in one minute (UTC). */
    record MinuteCount(Instant minute, String eventType, long events) {}

    /** A stored event: its record as received, with its position in the keyset order. */
    record StoredEvent(long seq, Instant eventTime, Instant storedAt, JsonNode record) {}

    /** Where a page of events continues: after this event time and sequence number (newest first). */
    record Cursor(Instant eventTime, long seq) {}

    private final Database database;
    private final JdbcOffsetStore offsets;

    /** @param groupId the consumer group whose offsets are stored with the rows */
    ActivityStore(Database database, String groupId) {
        this.database = database;
        this.offsets = new JdbcOffsetStore(database.dataSource(), groupId);
    }

    void migrate() {
        database.migrate("sluice_schema_history", "classpath:db/sluice");
        database.migrate(HISTORY_TABLE, MIGRATIONS);
    }

    OffsetStore offsetStore() {
        return offsets;
    }

    /** Stores the batch and its offsets; returns how many events were new. */
    int store(Batch<ActivityEvent> batch) {
        return Jdbc.transaction(database.dataSource(), "storing " + batch.size() + " activity events", c -> {
            int inserted = batch.isEmpty() ? 0 : ActivityWrites.write(c, batch.records());
            offsets.store(c, batch.nextOffsets());
            return inserted;
        });
    }

    Optional<UserActivity> user(String userId) {
        return Jdbc.query(database.dataSource(), "reading user " + userId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT events, events_by_type::text, first_seen, last_seen,"
                    + " sessions FROM activity_users WHERE user_id = ?")) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Map<String, Long> byType = new TreeMap<>();
                    tree(rs.getString(2))
                            .properties()
                            .forEach(e -> byType.put(e.getKey(), e.getValue().asLong()));
                    return Optional.of(new UserActivity(
                            userId, rs.getLong(1), instant(rs, 3), instant(rs, 4), rs.getLong(5), byType));
                }
            }
        });
    }

    Optional<SessionActivity> session(String sessionId) {
        return Jdbc.query(database.dataSource(), "reading session " + sessionId, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT user_id, started_at, ended_at, events, pages FROM activity_sessions"
                            + " WHERE session_id = ?")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new SessionActivity(
                            sessionId, rs.getString(1), instant(rs, 2), instant(rs, 3), rs.getLong(4), rs.getLong(5)));
                }
            }
        });
    }

    /** Counts per minute in {@code [from, to)}, oldest minute first, at most {@code limit} rows. */
    List<MinuteCount> stats(Instant from, Instant to, int limit) {
        return Jdbc.query(database.dataSource(), "reading activity stats", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT minute, event_type, events FROM activity_minutes WHERE minute >= ? AND minute < ?"
                            + " ORDER BY minute, event_type LIMIT ?")) {
                ps.setObject(1, utc(from));
                ps.setObject(2, utc(to));
                ps.setInt(3, limit);
                List<MinuteCount> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new MinuteCount(instant(rs, 1), rs.getString(2), rs.getLong(3)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Up to {@code limit} events, newest event time first, after {@code after} (or from the newest), optionally of one
     * user and one type.
     */
    List<StoredEvent> events(String userId, String eventType, int limit, Cursor after) {
        StringBuilder sql = new StringBuilder("SELECT seq, event_time, stored_at, record::text FROM activity_events");
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (userId != null) {
            where.add("user_id = ?");
            params.add(userId);
        }
        if (eventType != null) {
            where.add("event_type = ?");
            params.add(eventType);
        }
        if (after != null) {
            where.add("(event_time, seq) < (?, ?)");
            params.add(utc(after.eventTime()));
            params.add(after.seq());
        }
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        sql.append(" ORDER BY event_time DESC, seq DESC LIMIT ?");
        params.add(limit);
        return Jdbc.query(database.dataSource(), "listing activity events", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                List<StoredEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredEvent(rs.getLong(1), instant(rs, 2), instant(rs, 3), tree(rs.getString(4))));
                    }
                }
                return out;
            }
        });
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored record is no JSON", e);
        }
    }
}
