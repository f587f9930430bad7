package io.sluice.activity.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.activity.EnrichedEvent;
import io.sluice.core.json.Json;
import io.sluice.http.ApiException;
import io.sluice.http.JsonBody;
import io.sluice.producer.Delivery;
import io.sluice.producer.Event;
import io.sluice.producer.EventDroppedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code POST /events} and {@code POST /events/batch} (issue 15 §1). A request is answered only once each of its
 * events is acknowledged by Kafka or durably spilled ({@link io.sluice.producer.EventEmitter#send}); the handler runs
 * on a virtual thread and waits for that, at most {@code ack_timeout_ms}.
 *
 * <ul>
 *   <li>202 {@code {"event_id", "request_id", "status": "accepted"}} for one event; a batch whose events are all
 *       good: 202 {@code {"request_id", "status": "accepted", "results": [...]}}.
 *   <li>207 {@code {"request_id", "results": [{"index", "event_id", "status", "error"}]}} when some (or all) events of
 *       a batch are invalid: each is {@code accepted} (error null) or {@code rejected} with the reason; the good ones
 *       are produced. An event over {@code max_event_bytes} in a batch is one such rejection.
 *   <li>400 {@code {"error", "field"}} for a missing or mistyped field; 400 {@code {"error": "Malformed JSON: ..."}};
 *       400 naming {@code events} for a batch without events, or with more than {@code max_batch_events} (with
 *       {@code max_batch_events}).
 *   <li>413 {@code {"error", "max_event_bytes", "max_request_bytes"}}: a single event over {@code max_event_bytes},
 *       or a body over {@code max_request_bytes}.
 *   <li>415 {@code {"error": "Content-Type must be application/json", "content_type"}}.
 *   <li>503 with {@code Retry-After} when an event could not be made safe (queue or spill file full, or not
 *       acknowledged in time): {@code {"error", "reason", "retry_after_s"}}, for a batch also {@code request_id} and
 *       {@code results} (status {@code failed} for those events; the accepted ones are safe, and a retry with the
 *       same {@code event_id}s is deduplicated).
 * </ul>
 */
final class IngestionRoutes {
    static final String UNAVAILABLE = "Events could not be stored safely; retry later";

    private final IngestionConfig config;
    private final EventEnricher enricher;
    private final EventPublisher publisher;
    private final IngestionMetrics metrics;
    private final Supplier<Instant> clock;
    private final JsonBody singleBody;
    private final JsonBody batchBody;

    IngestionRoutes(
            IngestionConfig config,
            EventEnricher enricher,
            EventPublisher publisher,
            IngestionMetrics metrics,
            Supplier<Instant> clock) {
        this.config = config;
        this.enricher = enricher;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.singleBody = new JsonBody(config.maxEventBytes());
        this.batchBody = new JsonBody(config.maxRequestBytes());
    }

    void register(RoutesConfig routes) {
        routes.post("/events", this::single);
        routes.post("/events/batch", this::batch);
    }

    /** One result of a batch: {@code accepted}, {@code rejected} (invalid) or {@code failed} (not made safe). */
    private record Result(int index, String eventId, String status, String error) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", index);
            m.put("event_id", eventId);
            m.put("status", status);
            m.put("error", error);
            return m;
        }
    }

    /** An event handed to the publisher, waiting for its delivery. */
    private record Pending(int index, String eventId, EventPublisher.Published published) {}

    private void single(Context ctx) {
        long started = System.nanoTime();
        Instant receivedAt = clock.get();
        try {
            JsonNode body = read(ctx, singleBody, false);
            if (!body.isObject()) {
                metrics.rejected("malformed", 1);
                throw new ApiException(400, JsonBody.NOT_AN_OBJECT);
            }
            RequestInfo request = request(ctx, receivedAt, null);
            ObjectNode event = (ObjectNode) body;
            EnrichedEvent enriched;
            try {
                enriched = enricher.enrich(event, request);
            } catch (ApiException e) {
                metrics.rejected("invalid", 1);
                throw e;
            }
            Pending pending =
                    new Pending(0, enriched.eventId(), publisher.publish(enriched, event.hasNonNull("event_id")));
            Result result = await(List.of(pending)).getFirst();
            if (!result.status().equals("accepted")) {
                unavailable(ctx, result.error(), null, null);
                return;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("event_id", enriched.eventId());
            out.put("request_id", request.requestId());
            out.put("status", "accepted");
            ctx.status(202).json(out);
        } finally {
            metrics.latency(false, started);
        }
    }

    private void batch(Context ctx) {
        long started = System.nanoTime();
        Instant receivedAt = clock.get();
        try {
            JsonNode body = read(ctx, batchBody, true);
            if (!body.isObject()) {
                metrics.rejected("malformed", 1);
                throw new ApiException(400, JsonBody.NOT_AN_OBJECT);
            }
            JsonNode events = events((ObjectNode) body);
            Instant sentAt = sentAt((ObjectNode) body);
            RequestInfo request = request(ctx, receivedAt, sentAt);
            Result[] results = new Result[events.size()];
            List<Pending> pending = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                JsonNode node = events.get(i);
                String clientId = node.path("event_id").isTextual()
                        ? node.path("event_id").textValue()
                        : null;
                try {
                    if (!node.isObject()) {
                        throw new ApiException(400, "event must be a JSON object");
                    }
                    if (sizeOf(node) > config.maxEventBytes()) {
                        metrics.rejected("too_large", 1);
                        results[i] = new Result(
                                i, clientId, "rejected", "event is larger than " + config.maxEventBytes() + " bytes");
                        continue;
                    }
                    EnrichedEvent enriched = enricher.enrich((ObjectNode) node, request);
                    pending.add(new Pending(
                            i, enriched.eventId(), publisher.publish(enriched, node.hasNonNull("event_id"))));
                } catch (ApiException e) {
                    metrics.rejected("invalid", 1);
                    results[i] = new Result(i, clientId, "rejected", e.getMessage());
                }
            }
            for (Result r : await(pending)) {
                results[r.index()] = r;
            }
            List<Map<String, Object>> json = new ArrayList<>(results.length);
            String failure = null;
            boolean rejected = false;
            for (Result r : results) {
                json.add(r.json());
                if (r.status().equals("failed") && failure == null) {
                    failure = r.error();
                }
                rejected |= r.status().equals("rejected");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("request_id", request.requestId());
            if (failure != null) {
                unavailable(ctx, failure, request.requestId(), json);
                return;
            }
            if (!rejected) {
                out.put("status", "accepted");
            }
            out.put("results", json);
            ctx.status(rejected ? 207 : 202).json(out);
        } finally {
            metrics.latency(true, started);
        }
    }

    /** Waits (one deadline for all) until each event is safe or lost, and says which. */
    private List<Result> await(List<Pending> pending) {
        long deadline = System.nanoTime() + config.ackTimeout().toNanos();
        List<Result> results = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            CompletableFuture<Delivery> delivery = p.published().delivery();
            String failure;
            try {
                Delivery d = delivery.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                metrics.accepted(1);
                if (p.published().duplicate()) {
                    metrics.duplicate();
                } else if (d == Delivery.SPILLED) {
                    metrics.spilled();
                }
                results.add(new Result(p.index(), p.eventId(), "accepted", null));
                continue;
            } catch (ExecutionException e) {
                String reason = e.getCause() instanceof EventDroppedException d ? d.reason() : "failed";
                metrics.dropped(reason, 1);
                failure = reason;
            } catch (TimeoutException e) {
                metrics.dropped("timeout", 1);
                failure = "timeout";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka to acknowledge events", e);
            }
            results.add(new Result(p.index(), p.eventId(), "failed", failure));
        }
        return results;
    }

    private void unavailable(Context ctx, String reason, String requestId, List<Map<String, Object>> results) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", UNAVAILABLE);
        out.put("reason", reason);
        out.put("retry_after_s", config.retryAfter());
        if (requestId != null) {
            out.put("request_id", requestId);
            out.put("results", results);
        }
        ctx.header("Retry-After", Integer.toString(config.retryAfter()))
                .status(503)
                .json(out);
    }

    /** Reads the body, counting refusals; a 413 names both limits. */
    private JsonNode read(Context ctx, JsonBody reader, boolean isBatch) {
        JsonNode body;
        try {
            body = reader.read(ctx);
        } catch (ApiException e) {
            switch (e.status()) {
                case 413 -> {
                    metrics.rejected("too_large", 1);
                    throw tooLarge(isBatch);
                }
                case 400 -> metrics.rejected("malformed", 1);
                default -> {}
            }
            throw e;
        }
        if (body.isMissingNode()) {
            metrics.rejected("malformed", 1);
            throw new ApiException(400, JsonBody.NOT_AN_OBJECT);
        }
        return body;
    }

    private ApiException tooLarge(boolean isBatch) {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("max_event_bytes", config.maxEventBytes());
        limits.put("max_request_bytes", config.maxRequestBytes());
        return new ApiException(
                413,
                isBatch
                        ? "Request body is larger than " + config.maxRequestBytes() + " bytes"
                        : "Event is larger than " + config.maxEventBytes() + " bytes",
                limits);
    }

    private JsonNode events(ObjectNode body) {
        JsonNode events = body.get("events");
        if (events == null || events.isNull()) {
            metrics.rejected("invalid", 1);
            throw ApiException.badField("events", "events is required");
        }
        if (!events.isArray()) {
            metrics.rejected("invalid", 1);
            throw ApiException.badField("events", "events must be an array of events");
        }
        if (events.isEmpty()) {
            metrics.rejected("invalid", 1);
            throw ApiException.badField("events", "events must not be empty");
        }
        if (events.size() > config.maxBatchEvents()) {
            metrics.rejected("too_many_events", 1);
            throw new ApiException(
                    400,
                    "events must hold at most " + config.maxBatchEvents() + " events, got " + events.size(),
                    Map.of("field", "events", "max_batch_events", config.maxBatchEvents()));
        }
        return events;
    }

    private Instant sentAt(ObjectNode body) {
        JsonNode node = body.get("sent_at");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            metrics.rejected("invalid", 1);
            throw ApiException.badField("sent_at", "sent_at" + EventEnricher.TIMESTAMP_FORMAT);
        }
        try {
            return EventEnricher.parse("sent_at", node.textValue());
        } catch (ApiException e) {
            metrics.rejected("invalid", 1);
            throw e;
        }
    }

    private static RequestInfo request(Context ctx, Instant receivedAt, Instant sentAt) {
        return new RequestInfo(
                Event.newId(), receivedAt, ctx.header("User-Agent"), ctx.header("Accept-Language"), sentAt);
    }

    /** The event's size as compact JSON: what the 32 KB limit of an event in a batch is measured on. */
    private static int sizeOf(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
    }
}
