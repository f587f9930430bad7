package io.sluice.requestevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.sluice.core.consumer.ConsumerState;
import io.sluice.core.health.Health;
import io.sluice.core.json.Json;
import io.sluice.http.ApiException;
import io.sluice.http.JsonBody;
import io.sluice.http.RouteAccess;
import io.sluice.http.TrustedProxies;
import io.sluice.http.TrustedProxies.ClientAddress;
import io.sluice.producer.EmitterState;
import io.sluice.producer.Event;
import io.sluice.producer.EventEmitter;
import io.sluice.tracing.Tracing;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The original's endpoints (docs/origins.md#request-events-http-api) with the README's intent: {@code GET /} always answers 200 and says whether
 * Kafka is really reachable; {@code GET /healthz}; {@code POST /kafka/publish}, {@code GET /kafka/status},
 * {@code POST /kafka/flush}. Handlers never wait on Kafka (flush excepted, which is what it is for): events go to
 * the {@link EventEmitter} and the handler returns. Every caller mistake is a 4xx with a JSON {@code error}.
 */
final class RequestEventsRoutes {
    static final String NO_JSON = "No JSON data provided";
    static final String KAFKA_UNAVAILABLE = "Kafka service not available";
    static final List<String> HANDLERS = List.of("http_request", "http_response", "error");
    static final int MAX_EVENT_TYPE_LENGTH = 100;
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

    private final RequestEventsConfig config;
    private final EventEmitter emitter;
    private final HostInfo host;
    private final TrustedProxies proxies;
    private final Tracing tracing;
    private final Supplier<ConsumerState> consumer;
    private final JsonBody publishBody;

    RequestEventsRoutes(
            RequestEventsConfig config,
            EventEmitter emitter,
            HostInfo host,
            Tracing tracing,
            Supplier<ConsumerState> consumer) {
        this.config = config;
        this.emitter = emitter;
        this.host = host;
        this.proxies = new TrustedProxies("events.trusted_proxies", config.trustedProxies());
        this.tracing = tracing;
        this.consumer = consumer;
        this.publishBody = new JsonBody(config.maxPublishBytes());
    }

    void register(RoutesConfig routes) {
        routes.get("/", this::root);
        routes.get("/healthz", ctx -> ctx.json(Map.of("status", "healthy")));
        routes.post("/kafka/publish", this::publish, RouteAccess.CONTROL);
        routes.get("/kafka/status", this::status);
        routes.post("/kafka/flush", this::flush, RouteAccess.CONTROL);
    }

    /** Request metadata; emits {@code http_request}, then {@code http_response} or {@code error}. */
    @SuppressWarnings("try") // the scope only makes the span current
    private void root(Context ctx) {
        long started = System.nanoTime();
        if (!tracing.enabled()) {
            // No span, no context switch-over: the untraced path does only what the answer needs.
            answerRoot(ctx, started, Map.of(), Span.getInvalid());
            return;
        }
        Span span = tracing.tracer()
                .spanBuilder("GET /")
                .setParent(tracing.extract(traceHeaders(ctx)))
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            answerRoot(ctx, started, tracing.headers(io.opentelemetry.context.Context.current()), span);
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    private void answerRoot(Context ctx, long started, Map<String, String> headers, Span span) {
        ClientAddress client = proxies.resolve(ctx);
        boolean emit = config.emitRequestEvents();
        if (emit) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("user_ip", client.userIp());
            data.put("method", "GET");
            data.put("endpoint", "/");
            data.put("hostname", host.hostname());
            data.put("os", host.os());
            emitter.emit(Event.of("http_request", data, config.topic(), headers));
        }
        try {
            String kafkaStatus = emitter.kafkaUp() ? "UP" : "NOT UP";
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("message", "Hello, Kafka is " + kafkaStatus);
            body.put("timestamp", Event.TIMESTAMP.format(Instant.now()));
            body.put("user_ip", client.userIp());
            body.put("proxy_chain", client.proxyChain());
            body.put("hostname", host.hostname());
            body.put("os", host.os());
            body.put("pod_ip", host.podIp());
            body.put("kafka_status", kafkaStatus);
            span.setAttribute("user_ip", client.userIp());
            span.setAttribute("has_proxy_chain", !client.proxyChain().isEmpty());
            ctx.json(body);
            if (emit) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("user_ip", client.userIp());
                data.put("status_code", 200);
                data.put("response_time_ms", (System.nanoTime() - started) / 1e6);
                emitter.emit(Event.of("http_response", data, config.topic(), headers));
            }
        } catch (RuntimeException e) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("error_message", String.valueOf(e.getMessage()));
            data.put("error_type", "request_processing_error");
            data.put("endpoint", "/");
            emitter.emit(Event.of("error", data, config.topic(), headers));
            throw e;
        }
    }

    private void publish(Context ctx) {
        // Read first, then refuse (JsonBody): answering 413 on the Content-Length alone, with the body unread, let
        // Jetty close the connection while the client was still sending, so the client at times saw a reset.
        JsonNode body = publishBody.read(ctx); // 415, 413 past events.publish.max_bytes, 400 malformed
        if (body.isMissingNode() || body.isNull() || (body.isObject() && body.isEmpty())) {
            throw new ApiException(400, NO_JSON);
        }
        if (!body.isObject()) {
            throw new ApiException(400, JsonBody.NOT_AN_OBJECT);
        }
        String eventType = eventType(body.get("event_type"));
        if (HANDLERS.contains(eventType) && !config.publishBuiltinTypes()) {
            // These rows say what this service itself saw (a request, its answer, its error); a caller must not
            // be able to invent them.
            throw new ApiException(
                    403,
                    "event_type '" + eventType + "' is emitted by the service itself and cannot be published",
                    Map.of("field", "event_type", "reserved", HANDLERS));
        }
        JsonNode data = JsonBody.optionalObject((ObjectNode) body, "data").orElse(null);
        String topic = topic(body.get("topic"));
        if (!config.allowedTopics().contains(topic)) {
            throw new ApiException(
                    403,
                    "Topic '" + topic + "' is not allowed",
                    Map.of(
                            "topic",
                            topic,
                            "allowed_topics",
                            config.allowedTopics().stream().sorted().toList()));
        }
        if (!emitter.kafkaUp()) {
            throw new ApiException(503, KAFKA_UNAVAILABLE);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = data == null
                ? Map.of()
                : Collections.unmodifiableMap(Json.mapper().convertValue(data, Map.class));
        Event event = Event.of(eventType, fields, topic, tracing.headers(io.opentelemetry.context.Context.current()));
        if (!emitter.emit(event)) {
            throw new ApiException(503, "Event could not be queued; try again later");
        }
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("event_id", event.eventId());
        echo.put("event_type", eventType);
        echo.put("data", fields);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "success");
        out.put("message", "Event '" + eventType + "' published to Kafka");
        out.put("event", echo);
        ctx.json(out);
    }

    private void status(Context ctx) {
        EmitterState e = emitter.state();
        ConsumerState c = consumer.get(); // null: this instance runs without a consumer
        boolean consuming = c == null || c.running();
        Map<String, Object> body = new LinkedHashMap<>();
        boolean available = e.kafkaUp() && consuming;
        if (!available) {
            body.put("status", "unavailable");
            body.put("message", e.kafkaUp() ? "Kafka consumer is not running" : "Kafka is not reachable");
        }
        body.put("kafka_producer", e.kafkaUp() ? "connected" : "disconnected");
        body.put("kafka_consumer", c == null ? "disabled" : c.running() ? "running" : "stopped");
        body.put("consumer_topics", List.of(config.topic()));
        body.put("consumer_handlers", HANDLERS);
        body.put("kafka_error", e.kafkaError());
        body.put("emitter", e.describe());
        body.put("consumer", c == null ? Map.of("enabled", false) : Health.describe(c));
        ctx.status(available ? 200 : 503).json(body);
    }

    private void flush(Context ctx) {
        if (!emitter.kafkaUp() || !emitter.flush(FLUSH_TIMEOUT)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "unavailable");
            body.put("message", "Kafka producer not available");
            body.put("spilled", emitter.state().spilled());
            ctx.status(503).json(body);
            return;
        }
        ctx.json(Map.of("status", "success", "message", "Kafka producer flushed"));
    }

    private static String eventType(JsonNode node) {
        if (node == null || node.isNull()) {
            return "custom_event";
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw ApiException.badField("event_type", "event_type must be a non-empty string");
        }
        if (node.textValue().length() > MAX_EVENT_TYPE_LENGTH) {
            throw ApiException.badField(
                    "event_type", "event_type must be at most " + MAX_EVENT_TYPE_LENGTH + " characters");
        }
        return node.textValue();
    }

    private String topic(JsonNode node) {
        if (node == null || node.isNull()) {
            return config.topic();
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw ApiException.badField("topic", "topic must be a non-empty string");
        }
        return node.textValue();
    }

    private Map<String, String> traceHeaders(Context ctx) {
        if (!tracing.enabled()) {
            return Map.of();
        }
        Map<String, String> h = new LinkedHashMap<>();
        String parent = ctx.header("traceparent");
        if (parent != null) {
            h.put("traceparent", parent);
            String state = ctx.header("tracestate");
            if (state != null) {
                h.put("tracestate", state);
            }
        }
        return h;
    }
}
