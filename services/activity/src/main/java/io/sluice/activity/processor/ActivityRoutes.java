package io.sluice.activity.processor;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.http.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The processor's API: {@code GET /activity/users/{user_id}}, {@code GET /activity/sessions/{session_id}}, {@code GET
 * /activity/stats?from=&to=} and {@code GET /activity/events?user_id=&event_type=&limit=&cursor=}. Times are RFC 3339
 * UTC ({@code 2024-01-15T10:30:45Z}). Thin handlers: a caller mistake is a 400 naming the parameter, an unknown user or
 * session a 404, an unreachable database a 503 (registered by the service).
 */
final class ActivityRoutes {
    static final String USER_NOT_FOUND = "User not found";
    static final String SESSION_NOT_FOUND = "Session not found";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** At most this many (minute, type) rows per stats answer; {@code truncated} says when there were more. */
    static final int MAX_STATS_ROWS = 10_000;

    static final Duration DEFAULT_STATS_WINDOW = Duration.ofHours(1);

    private final ActivityStore store;

    ActivityRoutes(ActivityStore store) {
        this.store = store;
    }

    void register(RoutesConfig routes) {
        routes.get("/activity/users/{user_id}", this::user);
        routes.get("/activity/sessions/{session_id}", this::session);
        routes.get("/activity/stats", this::stats);
        routes.get("/activity/events", this::events);
    }

    private void user(Context ctx) {
        String id = ctx.pathParam("user_id");
        ActivityStore.UserActivity u =
                store.user(id).orElseThrow(() -> new ApiException(404, USER_NOT_FOUND, Map.of("user_id", id)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", u.userId());
        body.put("events", u.events());
        body.put("events_by_type", u.byType());
        body.put("first_seen", u.firstSeen().toString());
        body.put("last_seen", u.lastSeen().toString());
        body.put("sessions", u.sessions());
        ctx.json(body);
    }

    private void session(Context ctx) {
        String id = ctx.pathParam("session_id");
        ActivityStore.SessionActivity s =
                store.session(id).orElseThrow(() -> new ApiException(404, SESSION_NOT_FOUND, Map.of("session_id", id)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session_id", s.sessionId());
        body.put("user_id", s.userId());
        body.put("started_at", s.startedAt().toString());
        body.put("ended_at", s.endedAt().toString());
        body.put(
                "duration_seconds", Duration.between(s.startedAt(), s.endedAt()).toMillis() / 1000.0);
        body.put("events", s.events());
        body.put("pages", s.pages());
        ctx.json(body);
    }

    private void stats(Context ctx) {
        Instant to = time(ctx, "to");
        Instant from = time(ctx, "from");
        if (to == null) {
            to = from == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : from.plus(DEFAULT_STATS_WINDOW);
        }
        if (from == null) {
            from = to.minus(DEFAULT_STATS_WINDOW);
        }
        if (!from.isBefore(to)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("field", "from");
            fields.put("from", from.toString());
            fields.put("to", to.toString());
            throw new ApiException(400, "from must be before to", fields);
        }
        List<ActivityStore.MinuteCount> rows = store.stats(from, to, MAX_STATS_ROWS + 1);
        boolean truncated = rows.size() > MAX_STATS_ROWS;
        Map<String, Map<String, Long>> byMinute = new TreeMap<>();
        Map<String, Long> totals = new TreeMap<>();
        for (ActivityStore.MinuteCount r : rows.subList(0, Math.min(rows.size(), MAX_STATS_ROWS))) {
            byMinute.computeIfAbsent(r.minute().toString(), m -> new TreeMap<>())
                    .put(r.eventType(), r.events());
            totals.merge(r.eventType(), r.events(), Long::sum);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from.toString());
        body.put("to", to.toString());
        List<Map<String, Object>> minutes = new ArrayList<>();
        byMinute.forEach((minute, counts) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("minute", minute);
            m.put("events", counts);
            minutes.add(m);
        });
        body.put("minutes", minutes);
        body.put("totals", totals);
        body.put("truncated", truncated);
        ctx.json(body);
    }

    private void events(Context ctx) {
        String user = blankToNull(ctx.queryParam("user_id"));
        String type = blankToNull(ctx.queryParam("event_type"));
        int limit = limit(ctx);
        ActivityStore.Cursor cursor = cursor(ctx.queryParam("cursor"));
        List<ActivityStore.StoredEvent> page = store.events(user, type, limit + 1, cursor);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            ActivityStore.StoredEvent last = page.getLast();
            next = encode(last.eventTime(), last.seq());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", page.stream().map(ActivityStore.StoredEvent::record).toList());
        body.put("limit", limit);
        body.put("next_cursor", next);
        ctx.json(body);
    }

    private static Instant time(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        Instant i = Rfc3339.parse(raw);
        if (i == null) {
            throw bad(name, raw, name + " must be an RFC 3339 date-time such as 2024-01-15T10:30:45Z");
        }
        return i;
    }

    private static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= 1 && v <= MAX_LIMIT) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the same answer as out of range
        }
        throw bad("limit", raw, "limit must be an integer between 1 and " + MAX_LIMIT);
    }

    /** A cursor is {@code <event time in epoch microseconds>.<seq>}: opaque to callers. */
    static String encode(Instant eventTime, long seq) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, eventTime);
        return micros + "." + seq;
    }

    private static ActivityStore.Cursor cursor(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        int dot = raw.indexOf('.');
        try {
            if (dot > 0) {
                long micros = Long.parseLong(raw.substring(0, dot));
                long seq = Long.parseLong(raw.substring(dot + 1));
                Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
                if (seq >= 0 && Rfc3339.inRange(at)) {
                    return new ActivityStore.Cursor(at, seq);
                }
            }
        } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
            // the same answer as a malformed cursor
        }
        throw bad("cursor", raw, "cursor must be a next_cursor value from a previous page");
    }

    private static ApiException bad(String field, String value, String message) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("field", field);
        fields.put("value", value);
        return new ApiException(400, message, fields);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
