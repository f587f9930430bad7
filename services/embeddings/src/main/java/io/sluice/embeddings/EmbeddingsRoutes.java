package io.sluice.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.core.consumer.FailureKind;
import io.sluice.db.DatabaseException;
import io.sluice.db.Page;
import io.sluice.db.SqlFailureClassifier;
import io.sluice.embeddings.model.ModelUnavailableException;
import io.sluice.embeddings.store.SearchFilter;
import io.sluice.embeddings.store.SearchHit;
import io.sluice.http.ApiException;
import io.sluice.http.HttpServerConfig;
import io.sluice.http.JsonBody;
import io.sluice.http.RouteAccess;
import io.sluice.http.StoreOutage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The original's REST API (docs/origins.md#embeddings-http-api) with real behaviour: {@code GET /status}, {@code POST /start}, {@code POST /stop},
 * {@code POST /process-batch}, {@code POST /embeddings/search}, {@code GET /embeddings/{message_id}}, plus
 * {@code POST /reindex}. {@code /health} comes from {@link io.sluice.http.HttpServer}. Thin handlers: validate,
 * call, render; every caller mistake is a 4xx naming the field.
 */
final class EmbeddingsRoutes {
    static final String QUERY_REQUIRED = "Query text required";
    static final String NOT_FOUND = "Embedding not found";
    static final int MAX_LIMIT = 100;
    static final int DEFAULT_LIMIT = 10;
    static final Instant MIN_SINCE = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant MAX_SINCE = Instant.parse("9999-12-31T23:59:59Z");
    static final String MOCK_NOTE = "Using mock embeddings: distances are not semantic";

    /** What a hit weighs besides its text (ids, distance, timestamp, JSON names). */
    private static final long HIT_OVERHEAD = 160;

    private final EmbeddingsService service;
    private final JsonBody body;
    private final long maxPageBytes;

    EmbeddingsRoutes(EmbeddingsService service, HttpServerConfig http) {
        this.service = service;
        this.body = new JsonBody(http.maxRequestBytes());
        this.maxPageBytes = http.maxPageBytes();
    }

    void register(RoutesConfig routes) {
        routes.get("/status", this::status);
        routes.post(
                "/start",
                ctx -> ctx.json(Map.of(
                        "message",
                        service.projection().start() ? "Processor started" : "Processor already running",
                        "running",
                        true)),
                RouteAccess.CONTROL);
        routes.post(
                "/stop",
                ctx -> ctx.json(Map.of(
                        "message",
                        service.projection().stop() ? "Processor stopped" : "Processor already stopped",
                        "running",
                        false)),
                RouteAccess.CONTROL);
        routes.post("/process-batch", this::processBatch, RouteAccess.CONTROL);
        routes.post("/reindex", this::reindex, RouteAccess.CONTROL);
        routes.post("/embeddings/search", this::search, RouteAccess.READ); // a query with a body: no token needed
        routes.get("/embeddings/{message_id}", this::get);
        // A database outage is not the caller's fault and not a bug: 503, so clients and proxies retry.
        StoreOutage.register(
                routes,
                DatabaseException.class,
                e -> SqlFailureClassifier.INSTANCE.classify(e) == FailureKind.TRANSIENT,
                "Database");
    }

    private void status(Context ctx) {
        Projection p = service.projection();
        EmbeddingTable.Counts counts = service.table().counts();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("running", p.isRunning());
        body.put("status", p.status().name().toLowerCase());
        body.put("model_type", service.embedder().provider());
        body.put("model", service.embedder().description());
        body.put("dimension", service.embedder().dimension());
        body.put("store", service.store().name());
        body.put("processed_count", counts.embedded());
        body.put("failed_count", counts.failed());
        body.put("backlog", counts.backlog());
        Instant last = p.lastProcessedAt() != null ? p.lastProcessedAt() : counts.lastEmbeddedAt();
        body.put("last_processed_timestamp", last);
        body.put("freshness_seconds", counts.freshnessSeconds());
        body.put("processed_since_start", p.embeddedSinceStart());
        body.put("failed_since_start", p.failedSinceStart());
        body.put("reindexing", p.isReindexing());
        body.put("last_sweep_at", p.lastSweepAt());
        body.put("last_error", p.lastError());
        body.put("last_error_at", p.lastErrorAt());
        body.put("store_details", service.store().describe());
        body.put("timestamp", Instant.now());
        ctx.json(body);
    }

    private void processBatch(Context ctx) {
        BatchEmbedder.Result r;
        try {
            r = service.projection().processBatch();
        } catch (ModelUnavailableException e) {
            throw new ApiException(503, "Embedding model unavailable: " + e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", r.total() == 0 ? "No unprocessed messages found" : "Processed " + r.total() + " messages");
        body.put("processed_count", r.embedded());
        body.put("failed_count", r.failed());
        ctx.json(body);
    }

    private void reindex(Context ctx) {
        boolean reembed = false;
        // A typo ({"reembd": true}) must not start the other kind of reindex: only the known field is accepted.
        JsonNode flag = this.body
                .readObject(ctx)
                .map(b -> JsonBody.requireOnly(b, "reembed").get("reembed"))
                .orElse(null);
        if (flag != null && !flag.isNull()) {
            if (!flag.isBoolean()) {
                throw ApiException.badField("reembed", "reembed must be true or false");
            }
            reembed = flag.booleanValue();
        }
        service.projection().reindex(reembed);
        ctx.status(202)
                .json(Map.of(
                        "message",
                        reembed
                                ? "Reindex started: every text will be embedded again"
                                : "Reindex started: rebuilding the search index and retrying failed texts",
                        "reembed",
                        reembed));
    }

    private void search(Context ctx) {
        ObjectNode body = this.body.readObject(ctx).orElseThrow(() -> ApiException.badField("query", QUERY_REQUIRED));
        String query = JsonBody.requiredText(body, "query", QUERY_REQUIRED);
        int limit = limit(body.get("limit"));
        SearchFilter filter = new SearchFilter(since(body.get("since")), source(body.get("source")));
        List<SearchHit> hits;
        try {
            hits = service.search(query, limit, filter);
        } catch (ModelUnavailableException e) {
            throw new ApiException(503, "Embedding model unavailable: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("query", "query cannot be embedded: " + e.getMessage());
        }
        List<SearchHit> shown = withinBudget(hits, maxPageBytes);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("query", query);
        out.put("results", shown);
        // The page budget (http.max_page_bytes) may cut the hits short of the limit, as it does every list.
        out.put("truncated", shown.size() < hits.size());
        if (service.embedder().provider().equals("mock")) {
            out.put("note", MOCK_NOTE);
        }
        ctx.json(out);
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("message_id");
        if (id.equals("search")) { // GET on the search route, not a message id
            throw new ApiException(405, "Method not allowed", Map.of("path", ctx.path()));
        }
        if (id.isBlank() || id.length() > 255) {
            throw new ApiException(404, NOT_FOUND, Map.of("id", id, "status", "unknown_message"));
        }
        EmbeddingTable.Lookup l = service.table()
                .find(id)
                .orElseThrow(() -> new ApiException(404, NOT_FOUND, Map.of("id", id, "status", "unknown_message")));
        if (l.embeddingId() == null) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("id", id);
            fields.put("text_message_id", l.messageId());
            fields.put("status", l.failure() != null ? "failed" : "pending");
            if (l.failure() != null) {
                fields.put("reason", l.failure());
                fields.put("failed_at", l.failedAt());
            }
            throw new ApiException(404, NOT_FOUND, fields);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", l.embeddingId());
        body.put("text_message_id", l.messageId());
        body.put("text_content", l.textContent());
        body.put("model", l.model());
        body.put("dimension", l.vector().length);
        body.put("embedding", l.vector());
        body.put("created_at", l.createdAt());
        ctx.json(body);
    }

    /** The leading hits whose texts weigh at most {@code maxBytes} (passed by the last one at most; at least one). */
    static List<SearchHit> withinBudget(List<SearchHit> hits, long maxBytes) {
        long bytes = 0;
        for (int i = 0; i < hits.size(); i++) {
            if (i > 0 && bytes >= maxBytes) {
                return hits.subList(0, i);
            }
            bytes += HIT_OVERHEAD + Page.utf8Length(hits.get(i).textContent());
        }
        return hits;
    }

    private static int limit(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_LIMIT;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > MAX_LIMIT) {
            throw new ApiException(
                    400,
                    "limit must be an integer between 1 and " + MAX_LIMIT,
                    Map.of("field", "limit", "value", node.toString()));
        }
        return node.intValue();
    }

    private static Instant since(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String rule = "since must be an ISO-8601 timestamp with an offset, e.g. 2026-01-31T12:00:00Z";
        if (!node.isTextual()) {
            throw ApiException.badField("since", rule);
        }
        Instant since;
        try {
            since = OffsetDateTime.parse(node.textValue().trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badField("since", rule);
        }
        // Both stores take a bounded range (epoch milliseconds, PostgreSQL's timestamptz): refuse what they cannot.
        if (since.isBefore(MIN_SINCE) || since.isAfter(MAX_SINCE)) {
            throw ApiException.badField("since", "since must be between " + MIN_SINCE + " and " + MAX_SINCE);
        }
        return since;
    }

    private static String source(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw ApiException.badField("source", "source must be a non-empty string (api or kafka)");
        }
        return node.textValue().trim();
    }
}
