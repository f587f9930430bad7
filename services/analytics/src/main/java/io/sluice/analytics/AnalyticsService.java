package io.sluice.analytics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.aws.AwsClients;
import io.sluice.aws.AwsConfig;
import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthBuilder;
import io.sluice.core.kafka.Topics;
import io.sluice.http.HttpServer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The running analytics: a {@link KafkaStreams} application ({@link AnalyticsTopology}, {@code exactly_once_v2},
 * {@code application.id} = {@code KAFKA_GROUP_ID}), the flush timer ({@code FLUSH_INTERVAL}), and the REST API.
 *
 * <p>Durability: the figures live in Kafka Streams' state stores, backed by changelog topics and committed with the
 * input offsets in one transaction. A restart, even after SIGKILL, restores them and goes on from the committed
 * offsets, so the reports after it are the ones that would have been written without it. Reports are derived from
 * the state and rewritten whole at each flush; nothing has to be flushed before offsets move.
 *
 * <p>{@link #close()}: HTTP, the timer, a final flush (when the state is queryable), then Kafka Streams (which
 * commits), then S3.
 */
public final class AnalyticsService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AnalyticsService.class);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final AnalyticsConfig config;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final ReportFlusher flusher;
    private final S3Reports s3;
    private final ScheduledExecutorService timer;
    private final ExecutorService windows;
    private final HttpServer http;
    private final FigureGatherer gatherer;

    private AnalyticsService(
            AnalyticsConfig config,
            KafkaStreams streams,
            KafkaStreamsMetrics streamsMetrics,
            ReportFlusher flusher,
            S3Reports s3,
            ScheduledExecutorService timer,
            ExecutorService windows,
            HttpServer http,
            FigureGatherer gatherer) {
        this.config = config;
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
        this.flusher = flusher;
        this.s3 = s3;
        this.timer = timer;
        this.windows = windows;
        this.http = http;
        this.gatherer = gatherer;
    }

    /**
     * Starts the service: S3 (the bucket created on a local server), the topics, Kafka Streams, the timer, HTTP.
     *
     * @param aws where S3 is ({@code up}: the embedded server)
     * @param parquet the Parquet writer for {@code reports.parquet=true}, or null
     */
    public static AnalyticsService start(
            AnalyticsConfig config, AwsConfig aws, ParquetReports parquet, PrometheusMeterRegistry registry) {
        S3Reports s3 = null;
        KafkaStreams streams = null;
        KafkaStreamsMetrics metrics = null;
        ScheduledExecutorService timer = null;
        HttpServer http = null;
        ExecutorService windows = null;
        try {
            if (config.s3Bucket() != null) {
                s3 = new S3Reports(AwsClients.s3(aws), config.s3Bucket());
                if (aws.s3EndpointOrDefault().isPresent()) {
                    s3.ensureBucket();
                }
            }
            if (config.createTopics()) {
                Map<String, Integer> topics = new HashMap<>();
                for (String t : config.topics()) {
                    topics.put(t, config.partitions());
                    topics.put(DeadLetterPublisher.topicFor(t), config.partitions());
                }
                Topics.ensure(config.bootstrapServers(), config.security(), topics, Duration.ofSeconds(15));
            }
            // HTTP first: its port is this instance's application.server, which peers use to read its figures.
            AtomicReference<FigureGatherer> gatherer = new AtomicReference<>();
            AtomicReference<KafkaStreams> current = new AtomicReference<>();
            ReportFlusher flusher = new ReportFlusher(
                    () -> gathererOf(gatherer).all(),
                    s3,
                    config.topN(),
                    config.zone(),
                    parquet,
                    InstantSource.system(),
                    registry);
            AnalyticsRoutes routes = new AnalyticsRoutes(
                    () -> gathererOf(gatherer).all(),
                    () -> gathererOf(gatherer).local(),
                    flusher,
                    s3,
                    config.topN(),
                    InstantSource.system());
            http = HttpServer.start(
                    AnalyticsConfig.SERVICE,
                    config.http(),
                    registry,
                    () -> health(current.get(), flusher, config),
                    routes::register);
            HostInfo self = new HostInfo(config.advertisedHost(), http.port());

            windows = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "sluice-analytics-windows");
                t.setDaemon(true);
                return t;
            });
            HourlyWindowEmitter.Settings hourly = new HourlyWindowEmitter.Settings(
                    config.hourlyGrace(),
                    config.hourlyCheck(),
                    config.hourlyRetention(),
                    flusher::writeWindow,
                    windows);
            streams = new KafkaStreams(
                    AnalyticsTopology.build(config.topics(), config.zone(), hourly), streamsProperties(config, self));
            streams.setUncaughtExceptionHandler(e -> {
                log.error("{}: a stream thread failed; the service stops processing", AnalyticsConfig.SERVICE, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.setStateListener(
                    (now, before) -> log.info("{}: Kafka Streams {} -> {}", AnalyticsConfig.SERVICE, before, now));
            metrics = new KafkaStreamsMetrics(streams, List.of(Tag.of("service", AnalyticsConfig.SERVICE)));
            metrics.bindTo(registry);
            FigureGatherer figures = new FigureGatherer(streams, self);
            gatherer.set(figures);
            current.set(streams);
            streams.start();

            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sluice-analytics-flush");
                t.setDaemon(true);
                return t;
            });
            long every = config.flushInterval().toMillis();
            timer.scheduleWithFixedDelay(() -> scheduledFlush(flusher, figures), every, every, TimeUnit.MILLISECONDS);
            log.info(
                    "{}: Kafka Streams application {} on {} (this instance: {}), reports to {} every {}",
                    AnalyticsConfig.SERVICE,
                    config.applicationId(),
                    config.topics(),
                    self,
                    s3 == null ? "nowhere (S3_BUCKET not set)" : "s3://" + s3.bucket() + "/analytics/",
                    config.flushInterval());
            return new AnalyticsService(config, streams, metrics, flusher, s3, timer, windows, http, gatherer.get());
        } catch (RuntimeException e) {
            if (timer != null) {
                timer.shutdownNow();
            }
            if (metrics != null) {
                metrics.close();
            }
            if (streams != null) {
                streams.close(CLOSE_TIMEOUT);
            }
            if (http != null) {
                http.close();
            }
            if (windows != null) {
                windows.shutdownNow();
            }
            if (s3 != null) {
                s3.close();
            }
            throw e;
        }
    }

    private static FigureGatherer gathererOf(AtomicReference<FigureGatherer> gatherer) {
        FigureGatherer g = gatherer.get();
        if (g == null) {
            throw new InvalidStateStoreException("Kafka Streams is not started yet");
        }
        return g;
    }

    static Properties streamsProperties(AnalyticsConfig config, HostInfo self) {
        Properties p = new Properties();
        p.putAll(config.streamsProperties()); // first: the settings below are what the service relies on
        config.security().applyTo(p);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(DeadLetterHandler.SERVICE_CONFIG, AnalyticsConfig.SERVICE);
        p.put(StreamsConfig.CLIENT_ID_CONFIG, AnalyticsConfig.SERVICE);
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int)
                config.sessionTimeout().toMillis());
        return p;
    }

    private static void scheduledFlush(ReportFlusher flusher, FigureGatherer figures) {
        try {
            if (!figures.isReportWriter()) {
                log.debug("{}: another instance writes the scheduled reports", AnalyticsConfig.SERVICE);
                return;
            }
            flusher.flush();
        } catch (InvalidStateStoreException e) {
            log.warn(
                    "{}: flush skipped, the state is not queryable yet ({}); next at the next interval",
                    AnalyticsConfig.SERVICE,
                    e.getMessage());
        } catch (SdkException e) {
            log.warn(
                    "{}: flush failed, S3 unreachable: {}; next at the next interval",
                    AnalyticsConfig.SERVICE,
                    e.toString());
        } catch (RuntimeException e) {
            log.error("{}: flush failed", AnalyticsConfig.SERVICE, e);
        }
    }

    /** The figures now; throws {@link InvalidStateStoreException} while the state is not queryable. */
    static Figures figures(KafkaStreams streams) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new InvalidStateStoreException("Kafka Streams is " + streams.state() + ", not RUNNING");
        }
        return StoreFigures.of(streams).read();
    }

    private static Health health(KafkaStreams streams, ReportFlusher flusher, AnalyticsConfig config) {
        KafkaStreams.State state = streams == null ? KafkaStreams.State.CREATED : streams.state();
        Map<String, Object> flush = new java.util.LinkedHashMap<>();
        flush.put("bucket", config.s3Bucket());
        flush.put("interval_seconds", config.flushInterval().toSeconds());
        flush.put("last_flush_at", flusher.lastFlushAt());
        flush.put("last_written", flusher.lastWritten().size());
        flush.put("last_error", flusher.lastError());
        return HealthBuilder.forService(AnalyticsConfig.SERVICE)
                .detail("streams_state", state.name())
                .detail("application_id", config.applicationId())
                .detail("kafka_consumer_running", state.isRunningOrRebalancing())
                .detail("reports", flush)
                .downIf(!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED)
                .degradedIf(state != KafkaStreams.State.RUNNING)
                .degradedIf(flusher.lastError() != null)
                .build();
    }

    public Health health() {
        return health(streams, flusher, config);
    }

    public int httpPort() {
        return http.port();
    }

    /** Kafka Streams' state (for tests and the banner). */
    public KafkaStreams.State streamsState() {
        return streams.state();
    }

    /** Writes every report now (what {@code POST /analytics/flush} does); the keys written. */
    public List<String> flush() {
        return flusher.flush();
    }

    /** This instance's own figures (the partitions it holds). */
    Figures localFigures() {
        return gatherer.local();
    }

    /** Every figure now, from this instance's state stores and its peers'. */
    public Figures figures() {
        return gatherer.all();
    }

    @Override
    public void close() {
        stop(true);
    }

    /** Stops without the final flush: what a crash leaves, for tests of restarts. */
    void closeWithoutFlush() {
        stop(false);
    }

    private void stop(boolean finalFlush) {
        http.close();
        timer.shutdownNow();
        if (finalFlush) {
            try {
                if (streams.state() == KafkaStreams.State.RUNNING) {
                    flusher.flush();
                } else {
                    log.warn("{}: no final flush, Kafka Streams is {}", AnalyticsConfig.SERVICE, streams.state());
                }
            } catch (RuntimeException e) {
                log.warn("{}: the final flush failed: {}", AnalyticsConfig.SERVICE, e.toString());
            }
        }
        streamsMetrics.close();
        // A clean stop leaves the group, so a restart (or the other instances) need not wait for the session timeout;
        // the crash stand-in stays in it, as a killed process does.
        CloseOptions close = CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(
                        finalFlush
                                ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                                : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
        if (!streams.close(close)) {
            log.warn("{}: Kafka Streams did not stop within {}", AnalyticsConfig.SERVICE, CLOSE_TIMEOUT);
        }
        windows.shutdown();
        try {
            if (!windows.awaitTermination(10, TimeUnit.SECONDS)) {
                windows.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            windows.shutdownNow();
        }
        gatherer.close();
        if (s3 != null) {
            s3.close();
        }
    }
}
