package io.sluice.console;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.console.dlq.DlqRoutes;
import io.sluice.core.config.Settings;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthStatus;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.dlq.DeadLetterSummary;
import io.sluice.dlq.DeadLetters;
import io.sluice.http.HttpServer;
import io.sluice.http.HttpServerConfig;
import io.sluice.http.JsonBody;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running console: Kafka clients, the sampler (a daemon thread sampling every interval), the HTTP server with
 * the pages, the API, the dead-letter routes and the live stream. Healthy once Kafka answered a sampling; degraded
 * while Kafka is out of reach after that (the pages still show the services). {@link #close()} stops the sampler,
 * the server and the clients, in that order.
 */
final class ConsoleService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleService.class);
    static final String SAMPLE_METRIC = "sluice.console.sample";
    static final String SSE_CLIENTS_METRIC = "sluice.console.stream.clients";

    private final ConsoleConfig config;
    private final KafkaView kafka;
    private final Producing producing;
    private final Sampler sampler;
    private final ConsoleEvents events = new ConsoleEvents();
    /** The dead letters' counts as of the last sample (open = neither replayed nor resolved), or null. */
    private volatile DeadLetterSummary dlqSummary;
    /** The end offsets of the dead-letter and state topics, summed, when {@link #dlqSummary} was read. */
    private volatile long dlqSummaryEnds = -1;

    private final ScheduledExecutorService schedule;
    private final DeadLetters deadLetters;
    private HttpServer http;

    private ConsoleService(
            ConsoleConfig config, Settings settings, ServiceRegistry registry, PrometheusMeterRegistry metrics) {
        this.config = config;
        Map<String, Object> client = config.security().clientProperties(config.bootstrapServers());
        this.kafka = new KafkaView(client, config.kafkaTimeout());
        this.producing = new Producing(client, config.kafkaTimeout());
        HttpClient httpClient = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        List<ServiceInfo> services = ServiceInfo.of(config.urls(), registry, settings);
        this.sampler = new Sampler(
                services,
                kafka,
                new ServiceProbe(httpClient, Duration.ofSeconds(2)),
                Clock.systemUTC(),
                config.historyPoints());
        this.deadLetters =
                DeadLetters.open(config.bootstrapServers(), config.security().properties());
        Timer timer = Timer.builder(SAMPLE_METRIC)
                .description("One sampling of the services and Kafka")
                .register(metrics);
        Gauge.builder(SSE_CLIENTS_METRIC, events, ConsoleEvents::clients)
                .description("Live-stream clients connected")
                .register(metrics);
        HttpServerConfig httpConfig = HttpServerConfig.from(settings, ConsoleProvider.HTTP_PORT);
        ConsoleRoutes routes = new ConsoleRoutes(
                sampler,
                kafka,
                new MessageBrowser(kafka, config.maxScan()),
                producing,
                new DataProxy(httpClient, config.urls(), config.tokens(), Duration.ofSeconds(10)),
                events,
                new JsonBody(httpConfig.maxRequestBytes()));
        routes.dlqSummary(() -> dlqSummary);
        sampler.onSample(snap -> {
            try {
                // The summary reads every dead letter and the state topic: only again once one of them grew.
                long ends = dlqEnds(snap);
                if (!snap.kafkaUp()) {
                    dlqSummary = null;
                } else if (dlqSummary == null || ends != dlqSummaryEnds) {
                    dlqSummary = deadLetters.summary();
                    dlqSummaryEnds = ends;
                }
            } catch (RuntimeException e) {
                dlqSummary = null; // Kafka out of reach: the counts fall back to the topics' sizes
            }
            Map<String, Object> overview = routes.overview(snap);
            events.publish("overview", overview);
            events.dlq(overview.get("dlq"));
        });
        this.schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-sampler");
            t.setDaemon(true);
            return t;
        });
        schedule.scheduleWithFixedDelay(
                () -> {
                    try {
                        timer.record(sampler::sample);
                    } catch (RuntimeException e) {
                        log.warn("The console's sampling failed", e);
                    }
                },
                0,
                config.sampleInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            this.http = HttpServer.start(ConsoleProvider.NAME, httpConfig, metrics, this::health, r -> {
                new StaticAssets().register(r);
                routes.register(r);
                DlqRoutes.register(r, deadLetters, (kind, id, outcome) -> {
                    dlqSummaryEnds = -1; // read the summary again at the next sample
                    events.action(kind, id, outcome);
                });
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The end offsets of every {@code *.dlq} topic and of the state topic, summed: grows with any new record. */
    private static long dlqEnds(Sampler.Snapshot snap) {
        return snap.topics().values().stream()
                .filter(t -> t.name().endsWith(".dlq") || t.name().equals(DeadLetters.STATE_TOPIC))
                .flatMap(t -> t.partitions().values().stream())
                .mapToLong(o -> o[1])
                .sum();
    }

    /** Starts the console; releases what it started if it cannot. */
    static ConsoleService start(
            ConsoleConfig config, Settings settings, ServiceRegistry registry, PrometheusMeterRegistry metrics) {
        return new ConsoleService(config, settings, registry, metrics);
    }

    int port() {
        return http.port();
    }

    ConsoleEvents events() {
        return events;
    }

    Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        Sampler.Snapshot snap = sampler.latest();
        details.put("kafka", snap.kafkaUp() ? "up" : sampler.kafkaAnswered() ? "unreachable" : "not answered yet");
        details.put("services", sampler.services().size());
        details.put("sampled_at", snap.at().toString());
        if (!sampler.kafkaAnswered()) {
            return new Health(HealthStatus.DOWN, details);
        }
        return new Health(snap.kafkaUp() ? HealthStatus.UP : HealthStatus.DEGRADED, details);
    }

    ConsoleConfig config() {
        return config;
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        try {
            schedule.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.closeAll();
        if (http != null) {
            http.close();
        }
        sampler.close();
        producing.close();
        deadLetters.close();
        kafka.close();
    }
}
