package io.sluice.cdcsource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.Version;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthStatus;
import io.sluice.core.kafka.Topics;
import io.sluice.db.Database;
import io.sluice.http.HttpServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The running CDC source: the source database (migrated when {@code create_schema}), the three topics, the change
 * capture, and the health endpoints. {@link #close()} stops them in reverse order: HTTP, the capture (which stores
 * its offsets), the pool.
 */
public final class CdcSourceService implements AutoCloseable {
    static final String ENGINE_UP_METRIC = "sluice.cdc.engine.up";

    private final Database database;
    private final ChangeCapture capture;
    private final HttpServer http;

    private CdcSourceService(Database database, ChangeCapture capture, HttpServer http) {
        this.database = database;
        this.capture = capture;
        this.http = http;
    }

    public static CdcSourceService start(CdcSourceConfig config, PrometheusMeterRegistry registry) {
        Database db = Database.connect(config.database(), "cdc-source", registry, Duration.ofSeconds(60));
        ChangeCapture capture = null;
        try {
            if (config.createSchema()) {
                db.migrate("cdc_source_schema_history", "classpath:db/cdc-source");
            }
            if (config.createTopics()) {
                Topics.ensure(
                        config.bootstrapServers(),
                        config.kafkaSecurity(),
                        config.topics().stream()
                                .collect(Collectors.toMap(Function.identity(), t -> config.partitions())),
                        Duration.ofSeconds(15));
            }
            capture = new ChangeCapture(config, registry).start();
            CaptureState state = capture.state();
            Gauge.builder(ENGINE_UP_METRIC, state, s -> s.status().health() == HealthStatus.DOWN ? 0 : 1)
                    .description("1 while the Debezium engine runs, 0 once it stopped or failed")
                    .tag("service", CdcSourceConfig.NAME)
                    .register(registry);
            HttpServer http = HttpServer.start(
                    CdcSourceConfig.NAME, config.http(), registry, () -> health(config, db, state), r -> {});
            return new CdcSourceService(db, capture, http);
        } catch (RuntimeException e) {
            if (capture != null) {
                capture.close();
            }
            db.close();
            throw e;
        }
    }

    private static Health health(CdcSourceConfig config, Database db, CaptureState state) {
        boolean dbUp = db.isReachable();
        StreamingMetrics streaming = new StreamingMetrics(config.topicPrefix());
        // Debezium restarts its task itself after a cut connection: the engine runs, but does not stream (its
        // streaming metrics say so, or are gone until the task is back).
        boolean disconnected = state.status() == CaptureStatus.RUNNING
                && !Boolean.TRUE.equals(streaming.connected())
                && !Boolean.TRUE.equals(streaming.snapshotRunning());
        HealthStatus status = (dbUp ? HealthStatus.UP : HealthStatus.DOWN)
                .and(state.status().health())
                .and(disconnected ? HealthStatus.DEGRADED : HealthStatus.UP);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("service", CdcSourceConfig.NAME);
        details.put("version", Version.current());
        details.put("database", Map.of("name", config.database().name(), "reachable", dbUp));
        Map<String, Object> engine = state.describe();
        engine.putAll(streaming.describe());
        details.put("engine", engine);
        details.put("topics", config.topics());
        details.put("envelope", config.envelope().name().toLowerCase(java.util.Locale.ROOT));
        return new Health(status, details);
    }

    public Health health() {
        return health(capture.config(), database, capture.state());
    }

    public int httpPort() {
        return http.port();
    }

    /** Events published since start. */
    public long published() {
        return capture.state().published();
    }

    public CaptureStatus status() {
        return capture.state().status();
    }

    @Override
    public void close() {
        try {
            http.close();
        } finally {
            try {
                capture.close();
            } finally {
                database.close();
            }
        }
    }
}
