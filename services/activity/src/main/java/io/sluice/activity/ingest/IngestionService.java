package io.sluice.activity.ingest;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.activity.EnrichedEvent;
import io.sluice.core.Version;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthBuilder;
import io.sluice.http.HttpServer;
import io.sluice.producer.EmitterState;
import io.sluice.producer.EventEmitter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running activity ingestion service: the event emitter (idempotent, {@code acks=all}, snappy, with its spill
 * file) and the HTTP API. Starts whether or not Kafka is reachable (events are spilled until it is). {@link #close()}
 * stops the HTTP server first, then sends or spills every event in hand.
 */
public final class IngestionService implements AutoCloseable {
    /** Drops within this window keep health degraded. */
    private static final Duration RECENT_DROP = Duration.ofMinutes(5);

    private final IngestionConfig config;
    private final EventEmitter emitter;
    private final HttpServer http;

    private IngestionService(IngestionConfig config, EventEmitter emitter, HttpServer http) {
        this.config = config;
        this.emitter = emitter;
        this.http = http;
    }

    public static IngestionService start(IngestionConfig config, PrometheusMeterRegistry registry) {
        EventEmitter emitter = null;
        try {
            if (config.produce()) {
                Map<String, Integer> topics = new LinkedHashMap<>();
                topics.put(config.topic(), config.partitions());
                topics.put(config.topic() + ".dlq", config.partitions());
                emitter = EventEmitter.start(config.emitter(), topics, registry);
            }
            EventEnricher enricher = new EventEnricher(
                    new EnrichedEvent.ServiceInfo(IngestionConfig.SERVICE, Version.current(), config.environment()),
                    Instant::now);
            EventDeduplicator dedupe =
                    new EventDeduplicator(config.dedupeWindow(), config.dedupeMaxEntries(), System::nanoTime);
            IngestionRoutes routes = new IngestionRoutes(
                    config,
                    enricher,
                    new EventPublisher(emitter, config.topic(), dedupe),
                    new IngestionMetrics(registry),
                    Instant::now);
            EventEmitter em = emitter;
            HttpServer http = HttpServer.start(
                    IngestionConfig.SERVICE,
                    config.http(),
                    registry,
                    () -> health(em == null ? null : em.state()),
                    routes::register);
            return new IngestionService(config, emitter, http);
        } catch (RuntimeException e) {
            if (emitter != null) {
                emitter.close();
            }
            throw e;
        }
    }

    /** @param emitter the emitter's state, or null when the service runs without producing (the benchmark) */
    static Health health(EmitterState emitter) {
        HealthBuilder health = HealthBuilder.forService(IngestionConfig.SERVICE);
        if (emitter == null) {
            return health.detail("producer", Map.of("enabled", false)).build();
        }
        boolean recentDrop = emitter.lastDropAt() != null
                && emitter.lastDropAt().isAfter(Instant.now().minus(RECENT_DROP));
        Map<String, Object> kafka = new LinkedHashMap<>();
        kafka.put("status", emitter.kafkaUp() ? "UP" : "NOT UP");
        kafka.put("last_error", emitter.kafkaError());
        kafka.put("last_seen", emitter.kafkaLastSeen());
        // Degraded, not down: with Kafka away, events are still accepted into the spill file.
        return health.degradedIf(!emitter.kafkaUp() || emitter.spilled() > 0 || recentDrop)
                .detail("kafka_status", emitter.kafkaUp() ? "UP" : "NOT UP")
                .detail("kafka", kafka)
                .detail("emitter", emitter.describe())
                .build();
    }

    /** The service's health, as {@code /health} reports it. */
    public Health health() {
        return health(emitter == null ? null : emitter.state());
    }

    public int httpPort() {
        return http.port();
    }

    public IngestionConfig config() {
        return config;
    }

    /** The emitter, or null when {@code produce} is false. */
    public EventEmitter emitter() {
        return emitter;
    }

    @Override
    public void close() {
        try {
            http.close();
        } finally {
            if (emitter != null) {
                emitter.close();
            }
        }
    }
}
