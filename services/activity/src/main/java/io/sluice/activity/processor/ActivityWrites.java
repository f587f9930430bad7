package io.sluice.activity.processor;

import io.sluice.core.consumer.Decoded;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One batch of events in one SQL statement, inside the batch's transaction: whatever the batch size, the events go in
 * as arrays ({@code unnest}), {@code INSERT ... ON CONFLICT (event_id) DO NOTHING RETURNING} keeps the rows actually
 * inserted, and only those feed the aggregates (data-modifying CTEs: each runs once, to completion). So a replayed or
 * repeated event id is stored once and counted once. A user's sessions are the sessions this statement created with
 * that user ({@code xmax = 0} tells an insert from an update), its counts by type a JSON object summed key by key.
 * Rows are locked in key order, so two
 * instances of one group that touch the same users wait rather than deadlock (and a deadlock would only be retried).
 * Static and stateless.
 */
final class ActivityWrites {
    private static final String WRITE =
            """
            WITH input AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[],
                                     ?::text[], ?::int[], ?::bigint[])
                    AS u(event_id, event_type, user_id, session_id, page_url, event_time, record, topic,
                         kafka_partition, kafka_offset)
            ),
            ins AS (
                INSERT INTO activity_events (event_id, event_type, user_id, session_id, page_url, event_time, record,
                                             topic, kafka_partition, kafka_offset)
                SELECT event_id, event_type, user_id, session_id, page_url, event_time, record::jsonb, topic,
                       kafka_partition, kafka_offset
                FROM input ORDER BY event_id
                ON CONFLICT (event_id) DO NOTHING
                RETURNING event_id, event_type, user_id, session_id, page_url, event_time
            ),
            sessions AS (
                INSERT INTO activity_sessions (session_id, user_id, started_at, ended_at, events, pages)
                SELECT session_id, min(user_id), min(event_time), max(event_time), count(*),
                       count(*) FILTER (WHERE event_type = 'page_view')
                FROM ins WHERE session_id IS NOT NULL GROUP BY session_id ORDER BY session_id
                ON CONFLICT (session_id) DO UPDATE SET
                    started_at = least(activity_sessions.started_at, excluded.started_at),
                    ended_at = greatest(activity_sessions.ended_at, excluded.ended_at),
                    events = activity_sessions.events + excluded.events,
                    pages = activity_sessions.pages + excluded.pages
                RETURNING user_id, xmax = 0 AS inserted
            ),
            users AS (
                INSERT INTO activity_users (user_id, events, events_by_type, first_seen, last_seen, sessions)
                SELECT a.user_id, a.events, t.by_type, a.first_seen, a.last_seen, coalesce(n.sessions, 0)
                FROM (SELECT user_id, count(*) AS events, min(event_time) AS first_seen, max(event_time) AS last_seen
                      FROM ins GROUP BY user_id) a
                JOIN (SELECT user_id, jsonb_object_agg(event_type, events) AS by_type
                      FROM (SELECT user_id, event_type, count(*) AS events FROM ins GROUP BY 1, 2) c
                      GROUP BY user_id) t USING (user_id)
                LEFT JOIN (SELECT user_id, count(*) AS sessions FROM sessions WHERE inserted GROUP BY user_id) n
                    USING (user_id)
                ORDER BY a.user_id
                ON CONFLICT (user_id) DO UPDATE SET
                    events = activity_users.events + excluded.events,
                    events_by_type = (
                        SELECT jsonb_object_agg(k, coalesce((activity_users.events_by_type ->> k)::bigint, 0)
                                                   + coalesce((excluded.events_by_type ->> k)::bigint, 0))
                        FROM jsonb_object_keys(activity_users.events_by_type || excluded.events_by_type) AS k),
                    first_seen = least(activity_users.first_seen, excluded.first_seen),
                    last_seen = greatest(activity_users.last_seen, excluded.last_seen),
                    sessions = activity_users.sessions + excluded.sessions
                RETURNING 1
            ),
            minutes AS (
                INSERT INTO activity_minutes (minute, event_type, events)
                SELECT date_trunc('minute', event_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', event_type, count(*)
                FROM ins GROUP BY 1, 2 ORDER BY 1, 2
                ON CONFLICT (minute, event_type) DO UPDATE SET events = activity_minutes.events + excluded.events
                RETURNING 1
            )
            SELECT count(*) FROM ins""";

    private ActivityWrites() {}

    /**
     * Stores the events on {@code c}, in its transaction; the caller stores the offsets and commits.
     *
     * @return how many events were new (the rest repeated a stored event id)
     */
    static int write(Connection c, List<Decoded<ActivityEvent>> records) throws SQLException {
        int n = records.size();
        List<String> ids = new ArrayList<>(n);
        List<String> types = new ArrayList<>(n);
        List<String> users = new ArrayList<>(n);
        List<String> sessions = new ArrayList<>(n);
        List<String> pages = new ArrayList<>(n);
        List<String> times = new ArrayList<>(n);
        List<String> json = new ArrayList<>(n);
        List<String> topics = new ArrayList<>(n);
        List<Integer> partitions = new ArrayList<>(n);
        List<Long> offsets = new ArrayList<>(n);
        // The first record of an id wins, as it would have in an earlier batch.
        Set<String> seen = new HashSet<>();
        for (Decoded<ActivityEvent> d : records) {
            ActivityEvent e = d.value();
            if (!seen.add(e.eventId())) {
                continue;
            }
            ids.add(e.eventId());
            types.add(e.eventType());
            users.add(e.userId());
            sessions.add(e.sessionId());
            pages.add(e.pageUrl());
            times.add(e.eventTime().toString());
            json.add(e.json());
            topics.add(d.topic());
            partitions.add(d.partition());
            offsets.add(d.offset());
        }
        try (PreparedStatement ps = c.prepareStatement(WRITE)) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            ps.setArray(2, c.createArrayOf("text", types.toArray()));
            ps.setArray(3, c.createArrayOf("text", users.toArray()));
            ps.setArray(4, c.createArrayOf("text", sessions.toArray()));
            ps.setArray(5, c.createArrayOf("text", pages.toArray()));
            ps.setArray(6, c.createArrayOf("text", times.toArray()));
            ps.setArray(7, c.createArrayOf("text", json.toArray()));
            ps.setArray(8, c.createArrayOf("text", topics.toArray()));
            ps.setArray(9, c.createArrayOf("integer", partitions.toArray()));
            ps.setArray(10, c.createArrayOf("bigint", offsets.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
