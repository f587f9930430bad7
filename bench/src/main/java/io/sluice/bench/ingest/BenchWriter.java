package io.sluice.bench.ingest;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.bench.ThreadCpu;
import io.sluice.core.MetricNames;
import io.sluice.core.config.Settings;
import io.sluice.core.health.Health;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The text writer under test, started through the service registry as {@code sluice run text-writer} starts it, and
 * seen only from outside: its metrics (in a registry this class creates and hands it), its health, its tables.
 *
 * <p>{@link #prepare} starts and stops it once on an idle topic, so that the schema is migrated before the timed
 * start (as the benchmark's numbers always excluded migrating); {@link #start} is the timed start.
 */
final class BenchWriter implements AutoCloseable {
    /** The registered name of the service under test. */
    static final String SERVICE = "text-writer";
    /** The consumer loop's thread is named {@code sluice-consumer-<service>} (its writer {@code sluice-writer-...}). */
    static final String LOOP_THREADS = "sluice-consumer-";

    private static final long WATCH_NANOS = 500_000;

    private final RunningService running;
    private final WriteProgress progress;
    private final ConsumerStart<?> consumerStart;

    private BenchWriter(RunningService running, WriteProgress progress, ConsumerStart<?> consumerStart) {
        this.running = running;
        this.progress = progress;
        this.consumerStart = consumerStart;
    }

    /**
     * When the service's consumer thread started, and what {@code atConsumerStart} read then (the benchmark's CPU clocks):
     * seen by a watcher thread that looks for it every half millisecond while the service starts, so that the timed
     * phase begins where it always did, at the consumer's start, and not at the service's connecting, schema check
     * and HTTP start.
     */
    record ConsumerStart<T>(long nanos, T reading) {}

    /**
     * Starts the service once on an empty topic of its own (a group of its own too), then stops it: it migrates the
     * database, so that the timed {@link #start} finds its schema in place. Not timed.
     */
    static void prepare(Settings settings, Path dir) {
        Settings idle = settings.with(Map.of(
                "kafka.input_topic", settings.string("kafka.input_topic", "bench") + "-prepare",
                "kafka.consumer_group", "bench-prepare",
                "kafka.partitions", "1",
                "kafka.create_topics", "true"));
        start(idle, registry(), dir).close(); // start() returns once it serves: migrated
    }

    /**
     * Starts the service and begins to observe it; it consumes from here on.
     *
     * @param atConsumerStart read (on the watcher thread) as soon as the consumer thread is seen
     */
    static <T> BenchWriter start(Settings settings, Path dir, Supplier<T> atConsumerStart) {
        PrometheusMeterRegistry registry = registry();
        AtomicReference<ConsumerStart<T>> seen = new AtomicReference<>();
        Thread watcher = Thread.ofPlatform()
                .name("bench-consumer-watch")
                .daemon()
                .start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        if (ThreadCpu.exists(LOOP_THREADS)) {
                            seen.set(new ConsumerStart<>(System.nanoTime(), atConsumerStart.get()));
                            return;
                        }
                        LockSupport.parkNanos(WATCH_NANOS);
                    }
                });
        RunningService running;
        try {
            running = start(settings, registry, dir);
        } finally {
            watcher.interrupt();
            try {
                watcher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (seen.get() == null) { // started between two looks, and start() returned first
            seen.set(new ConsumerStart<>(System.nanoTime(), atConsumerStart.get()));
        }
        return new BenchWriter(running, new WriteProgress(registry), seen.get());
    }

    private static RunningService start(Settings settings, PrometheusMeterRegistry registry, Path dir) {
        SluiceService service = ServiceRegistry.load().service(SERVICE);
        return service.start(new ServiceContext(
                ServiceRegistry.settingsFor(service, settings), registry, ServiceContext.Mode.RUN, dir));
    }

    /**
     * A registry whose batch-flush timer keeps its percentiles and maximum over the whole run (one buffer that does
     * not expire within a day) at three significant digits, rather than Prometheus's two-minute window.
     */
    static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(MetricNames.BATCH_FLUSH)) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentiles(0.5, 0.99)
                        .percentilePrecision(3)
                        .expiry(Duration.ofDays(1))
                        .bufferLength(1)
                        .build()
                        .merge(config);
            }
        });
        return registry;
    }

    /** {@link System#nanoTime()} when the consumer thread was first seen: the start of the timed phase. */
    long consumerStartNanos() {
        return consumerStart.nanos();
    }

    /** What {@code atConsumerStart} read then. */
    @SuppressWarnings("unchecked")
    <T> T atConsumerStart() {
        return (T) consumerStart.reading();
    }

    WriteProgress progress() {
        return progress;
    }

    Health health() {
        return running.health();
    }

    @Override
    public void close() {
        running.close();
    }
}
