package io.sluice.textwriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.core.consumer.FailureKind;
import io.sluice.db.DatabaseException;
import io.sluice.db.SqlFailureClassifier;
import io.sluice.http.ApiException;
import io.sluice.http.HttpServerConfig;
import io.sluice.http.JsonBody;
import io.sluice.http.RouteAccess;
import io.sluice.http.StoreOutage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The original's REST API (docs/origins.md#text-writer-http-api): {@code GET /messages}, {@code GET /messages/{id}}, {@code POST /messages},
 * {@code GET /stats}. Thin handlers: validate, call the store, render. Every caller mistake is a 4xx naming the
 * field (see the README's API section for the exact texts).
 */
final class TextWriterRoutes {
    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;
    static final String NOT_FOUND = "Message not found";
    static final String CONTENT_REQUIRED = "Message content required";

    private final TextMessageStore store;
    private final BooleanSupplier consumerRunning;
    private final JsonBody body;
    private final long maxPageBytes;

    TextWriterRoutes(TextMessageStore store, BooleanSupplier consumerRunning, HttpServerConfig http) {
        this.store = store;
        this.consumerRunning = consumerRunning;
        this.body = new JsonBody(http.maxRequestBytes());
        this.maxPageBytes = http.maxPageBytes();
    }

    void register(RoutesConfig routes) {
        routes.get("/messages", this::list);
        routes.get("/messages/{id}", this::get);
        routes.post("/messages", this::create, RouteAccess.CONTROL);
        routes.get("/stats", this::stats);
        // An outage is not the caller's fault and not a bug: 503, so clients and proxies retry.
        StoreOutage.register(
                routes,
                DatabaseException.class,
                e -> SqlFailureClassifier.INSTANCE.classify(e) == FailureKind.TRANSIENT,
                "Database");
    }

    private void list(Context ctx) {
        int limit = intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        TextMessageStore.Page page = store.list(limit, offset, maxPageBytes);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", page.messages());
        body.put("total", page.total());
        body.put("limit", limit);
        body.put("offset", offset);
        // The page budget (http.max_page_bytes) may end a page before the limit: say so, and where to go on.
        body.put("truncated", page.truncated());
        long next = (long) offset + page.messages().size();
        body.put("next_offset", next < page.total() ? next : null);
        ctx.json(body);
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("id");
        if (id.isBlank() || id.length() > TextMessageDecoder.MAX_ID_LENGTH) {
            throw new ApiException(404, NOT_FOUND, Map.of("id", id));
        }
        StoredMessage m = store.find(MessageIds.forProducerId(id))
                .orElseThrow(() -> new ApiException(404, NOT_FOUND, Map.of("id", id)));
        ctx.json(m);
    }

    private void create(Context ctx) {
        ObjectNode body =
                this.body.readObject(ctx).orElseThrow(() -> ApiException.badField("message", CONTENT_REQUIRED));
        String text = JsonBody.requiredText(body, "message", CONTENT_REQUIRED);
        if (text.indexOf('\0') >= 0) {
            throw ApiException.badField("message", "message must not contain NUL characters");
        }
        String givenId = idField(body.get("id"));
        UUID id = givenId == null ? UUID.randomUUID() : MessageIds.forProducerId(givenId);
        String sourceId = givenId == null || MessageIds.isUuid(givenId) ? null : givenId;
        TextMessage message = new TextMessage(id, text, sourceId);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("message", message.message());
        switch (store.create(message)) {
            case CREATED -> {
                out.put("status", "created");
                ctx.status(201).json(out);
            }
            case EXISTS -> {
                out.put("status", "exists");
                ctx.status(200).json(out);
            }
            case CONFLICT ->
                throw new ApiException(
                        409, "A message with this id already exists with different" + " content", Map.of("id", id));
        }
    }

    private void stats(Context ctx) {
        TextMessageStore.Stats s = store.stats();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_messages", s.total());
        body.put("recent_messages_1h", s.lastHour());
        body.put("oldest_message", s.oldest());
        body.put("newest_message", s.newest());
        body.put("kafka_consumer_running", consumerRunning.getAsBoolean());
        ctx.json(body);
    }

    private static String idField(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw ApiException.badField("id", "id must be a non-empty string");
        }
        String id = node.textValue();
        if (id.length() > TextMessageDecoder.MAX_ID_LENGTH) {
            throw ApiException.badField("id", "id must be at most " + TextMessageDecoder.MAX_ID_LENGTH + " characters");
        }
        return id;
    }

    private static int intParam(Context ctx, String name, int defaultValue, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        String rule = max == Integer.MAX_VALUE
                ? name + " must be an integer >= " + min
                : name + " must be an integer between " + min + " and " + max;
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                throw new ApiException(400, rule, Map.of("field", name, "value", raw));
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ApiException(400, rule, Map.of("field", name, "value", raw));
        }
    }
}
