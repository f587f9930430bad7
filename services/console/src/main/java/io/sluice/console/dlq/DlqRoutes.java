package io.sluice.console.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.sluice.dlq.DeadLetterFilter;
import io.sluice.dlq.DeadLetterId;
import io.sluice.dlq.DeadLetterJson;
import io.sluice.dlq.DeadLetterStatus;
import io.sluice.dlq.DeadLetters;
import io.sluice.dlq.DeadLettersUnavailableException;
import io.sluice.dlq.UnknownDeadLetterException;
import io.sluice.http.ApiException;
import io.sluice.http.HttpServerConfig;
import io.sluice.http.JsonBody;
import io.sluice.http.StoreOutage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console's dead-letter API ({@code /api/dlq...}, docs/console-api.md "Dead letters"): thin handlers that parse,
 * call {@link DeadLetters} and render {@link DeadLetterJson}. A bad parameter is 400 naming the field, an ID with no
 * record 404 {@code {"error": "Unknown dead letter", "id"}}, Kafka out of reach 503. The writes are POST, so the
 * server's access checks (token, same origin, JSON media type) apply to them. {@code ConsoleService} calls
 * {@link #register} once when it builds its routes.
 */
public final class DlqRoutes {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    /** Who the history says acted, for actions taken through the console. */
    static final String BY = "console";

    private static final JsonBody BODY = new JsonBody(HttpServerConfig.DEFAULT_MAX_REQUEST_BYTES);

    private final DeadLetters deadLetters;
    private final Clock clock;

    private DlqRoutes(DeadLetters deadLetters, Clock clock) {
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    public static void register(RoutesConfig routes, DeadLetters deadLetters) {
        DlqRoutes r = new DlqRoutes(deadLetters, Clock.systemUTC());
        routes.get("/api/dlq", known(r::list));
        routes.get("/api/dlq/summary", ctx -> ctx.json(DeadLetterJson.summary(deadLetters.summary())));
        routes.get(
                "/api/dlq/{id}",
                known(ctx -> ctx.json(DeadLetterJson.letter(deadLetters.show(id(ctx.pathParam("id")))))));
        routes.post("/api/dlq/replay", known(r::replay));
        routes.post("/api/dlq/{id}/resolve", known(r::resolve));
        StoreOutage.register(routes, DeadLettersUnavailableException.class, e -> true, "Kafka");
    }

    /** An ID with no record as the API's 404 (an {@link ApiException}, so that the server renders it as is). */
    private static Handler known(Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (UnknownDeadLetterException e) {
                throw new ApiException(404, "Unknown dead letter", Map.of("id", e.id()));
            }
        };
    }

    private void list(Context ctx) {
        DeadLetterFilter filter = new DeadLetterFilter(
                ctx.queryParam("topic"),
                time("since", ctx.queryParam("since")),
                ctx.queryParam("error"),
                status(ctx.queryParam("status")));
        ctx.json(DeadLetterJson.listing(deadLetters.list(filter, limit(ctx.queryParam("limit")))));
    }

    private void replay(Context ctx) {
        ObjectNode body = JsonBody.requireOnly(
                BODY.readObject(ctx).orElseThrow(() -> ApiException.badField("ids", "ids or all_matching is required")),
                "ids",
                "all_matching",
                "dry_run",
                "force");
        boolean dryRun = flag(body, "dry_run");
        boolean force = flag(body, "force");
        JsonNode ids = body.get("ids");
        ObjectNode matching = JsonBody.optionalObject(body, "all_matching").orElse(null);
        boolean hasIds = ids != null && !ids.isNull();
        if (hasIds && matching != null) {
            throw ApiException.badField("all_matching", "give ids or all_matching, not both");
        }
        if (!hasIds && matching == null) {
            throw ApiException.badField("ids", "ids or all_matching is required");
        }
        if (matching != null) {
            JsonBody.requireOnly(matching, "topic", "since", "error");
            DeadLetterFilter filter = new DeadLetterFilter(
                    text(matching, "all_matching.topic", "topic"),
                    time("all_matching.since", text(matching, "all_matching.since", "since")),
                    text(matching, "all_matching.error", "error"),
                    null);
            ctx.json(DeadLetterJson.replay(deadLetters.replayMatching(filter, dryRun, force, BY)));
            return;
        }
        if (!ids.isArray() || ids.isEmpty()) {
            throw ApiException.badField("ids", "ids must be a non-empty array of dead-letter IDs");
        }
        List<DeadLetterId> parsed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String field = "ids[" + i + "]";
            if (!ids.get(i).isTextual()) {
                throw ApiException.badField(field, field + " must be a string");
            }
            parsed.add(id(field, ids.get(i).textValue()));
        }
        ctx.json(DeadLetterJson.replay(deadLetters.replay(parsed, dryRun, force, BY)));
    }

    private void resolve(Context ctx) {
        DeadLetterId id = id(ctx.pathParam("id"));
        String note = BODY.readObject(ctx)
                .map(b -> JsonBody.requireOnly(b, "note"))
                .flatMap(b -> JsonBody.optionalText(b, "note"))
                .orElse(null);
        ctx.json(DeadLetterJson.resolution(deadLetters.resolve(id, note, BY)));
    }

    private static DeadLetterId id(String text) {
        return id("id", text);
    }

    private static DeadLetterId id(String field, String text) {
        try {
            return DeadLetterId.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badField(field, e.getMessage());
        }
    }

    private Instant time(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return DeadLetterFilter.parseTime(text, clock);
        } catch (IllegalArgumentException e) {
            throw ApiException.badField(field, field + ": " + e.getMessage());
        }
    }

    private static DeadLetterStatus status(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return DeadLetterStatus.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("status", e.getMessage());
        }
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badField(
                "limit", "limit must be an integer from 1 to " + MAX_LIMIT + ", got '" + text + "'");
    }

    private static boolean flag(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw ApiException.badField(field, field + " must be true or false");
        }
        return n.booleanValue();
    }

    private static String text(ObjectNode body, String path, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.badField(path, path + " must be a string");
        }
        return n.textValue();
    }
}
