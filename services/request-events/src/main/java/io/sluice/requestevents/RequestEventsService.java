package io.sluice.requestevents;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.consumer.ConsumerLoop;
import io.sluice.core.consumer.ConsumerState;
import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthBuilder;
import io.sluice.http.HttpServer;
import io.sluice.producer.EmitterState;
import io.sluice.producer.EventEmitter;
import io.sluice.requestevents.store.EventDecoder;
import io.sluice.requestevents.store.EventSink;
import io.sluice.requestevents.store.SqliteDatabase;
import io.sluice.requestevents.store.SqliteFailureClassifier;
import io.sluice.tracing.Tracing;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The running request-events service: tracing, the event emitter (with its spill file), the consumer that stores
 * events in SQLite, and the HTTP API. Starts whether or not Kafka or the database is reachable. {@link #close()}
 * stops the HTTP server first, then flushes or spills every event in hand, then stops the consumer (which stores
 * its batch in hand), and exports the last spans.
 */
public final class RequestEventsService implements AutoCloseable {
    /** Drops within this window keep health degraded. */
    private static final Duration RECENT_DROP = Duration.ofMinutes(5);

    private final RequestEventsConfig config;
    private final Tracing tracing;
    private final EventEmitter emitter;
    private final SqliteDatabase database;
    private final ConsumerLoop<?> consumer;
    private final HttpServer http;

    private RequestEventsService(
            RequestEventsConfig config,
            Tracing tracing,
            EventEmitter emitter,
            SqliteDatabase database,
            ConsumerLoop<?> consumer,
            HttpServer http) {
        this.config = config;
        this.tracing = tracing;
        this.emitter = emitter;
        this.database = database;
        this.consumer = consumer;
        this.http = http;
    }

    public static RequestEventsService start(RequestEventsConfig config, PrometheusMeterRegistry registry) {
        Tracing tracing = Tracing.start(config.tracing(), "io.sluice.requestevents");
        EventEmitter emitter = null;
        SqliteDatabase db = null;
        ConsumerLoop<?> loop = null;
        try {
            Map<String, Integer> topics = new LinkedHashMap<>();
            topics.put(config.topic(), config.partitions());
            topics.put(DeadLetterPublisher.topicFor(config.topic()), config.partitions());
            config.allowedTopics().forEach(t -> topics.putIfAbsent(t, config.partitions()));
            emitter = EventEmitter.start(config.emitter(), topics, registry);
            if (config.consumerEnabled()) {
                db = SqliteDatabase.at(config.dbPath());
                loop = ConsumerLoop.create(
                                config.consumer(),
                                new EventDecoder(),
                                new EventSink(
                                        db, config.consumer().groupId(), tracing.openTelemetry(), tracing.enabled()),
                                SqliteFailureClassifier.INSTANCE,
                                registry)
                        .start();
            }
            ConsumerLoop<?> started = loop;
            Supplier<ConsumerState> consumerState = started == null ? () -> null : started::state;
            EventEmitter em = emitter;
            HostInfo host = HostInfo.detect(config.podIp(), config.hostIp());
            RequestEventsRoutes routes = new RequestEventsRoutes(config, emitter, host, tracing, consumerState);
            HttpServer http = HttpServer.start(
                    RequestEventsConfig.SERVICE,
                    config.http(),
                    registry,
                    () -> health(config, em.state(), consumerState.get()),
                    routes::register);
            return new RequestEventsService(config, tracing, emitter, db, loop, http);
        } catch (RuntimeException e) {
            closeAll(emitter, loop, db, tracing);
            throw e;
        }
    }

    /** @param consumer the consumer's state, or null when this instance runs without one */
    static Health health(RequestEventsConfig config, EmitterState emitter, ConsumerState consumer) {
        boolean recentDrop = emitter.lastDropAt() != null
                && emitter.lastDropAt().isAfter(Instant.now().minus(RECENT_DROP));
        Map<String, Object> kafka = new LinkedHashMap<>();
        kafka.put("status", emitter.kafkaUp() ? "UP" : "NOT UP");
        kafka.put("last_error", emitter.kafkaError());
        kafka.put("last_seen", emitter.kafkaLastSeen());
        HealthBuilder health = HealthBuilder.forService(RequestEventsConfig.SERVICE)
                .degradedIf(!emitter.kafkaUp() || emitter.spilled() > 0 || recentDrop)
                .detail("kafka_status", emitter.kafkaUp() ? "UP" : "NOT UP")
                .detail("kafka", kafka)
                .detail("emitter", emitter.describe());
        if (consumer == null) {
            return health.detail("consumer", Map.of("enabled", false)).build();
        }
        return health.detail(
                        "database",
                        Map.of("path", config.dbPath().toAbsolutePath().toString()))
                .consumer(consumer)
                .build();
    }

    /** The service's health, as {@code /health} reports it. */
    public Health health() {
        return health(config, emitter.state(), consumer == null ? null : consumer.state());
    }

    public int httpPort() {
        return http.port();
    }

    public RequestEventsConfig config() {
        return config;
    }

    public EventEmitter emitter() {
        return emitter;
    }

    /** The consumer's state, or null when {@code events.consumer.enabled} is false. */
    public ConsumerState consumerState() {
        return consumer == null ? null : consumer.state();
    }

    @Override
    public void close() {
        try {
            http.close();
        } finally {
            closeAll(emitter, consumer, database, tracing);
        }
    }

    private static void closeAll(AutoCloseable... resources) {
        RuntimeException first = null;
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
