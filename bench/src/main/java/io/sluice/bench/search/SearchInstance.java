package io.sluice.bench.search;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.bench.ThreadCpu;
import io.sluice.core.MetricNames;
import io.sluice.core.config.Settings;
import io.sluice.core.health.Health;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.ServiceMain;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The search indexer started in this process through the service registry, as {@code sluice run search-indexer}
 * starts it, and seen from outside only: the consumer metrics it publishes, its health, its REST API. Thread-safe.
 */
final class SearchInstance implements AutoCloseable {
    static final String SERVICE = "search-indexer";
    private static final String LOOP_THREADS = "sluice-consumer-";

    private final RunningService running;
    private final PrometheusMeterRegistry registry;
    private final long consumerStartNanos;

    private SearchInstance(RunningService running, PrometheusMeterRegistry registry, long consumerStartNanos) {
        this.running = running;
        this.registry = registry;
        this.consumerStartNanos = consumerStartNanos;
    }

    /**
     * Starts the service and returns once it serves; {@link #consumerStartNanos()} is when its first consumer thread
     * was seen, so that the timed phase begins there rather than at connecting and migrating.
     */
    static SearchInstance start(Map<String, String> settings, Path dataDir) {
        SluiceService service = ServiceRegistry.load().service(SERVICE);
        PrometheusMeterRegistry registry = ServiceMain.prometheus();
        AtomicLong seen = new AtomicLong();
        Thread watcher = Thread.ofPlatform().name("bench-search-watch").daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (ThreadCpu.exists(LOOP_THREADS)) {
                    seen.set(System.nanoTime());
                    return;
                }
                LockSupport.parkNanos(500_000);
            }
        });
        RunningService running;
        try {
            running = service.start(new ServiceContext(
                    ServiceRegistry.settingsFor(service, Settings.of(settings)),
                    registry,
                    ServiceContext.Mode.RUN,
                    dataDir));
        } finally {
            watcher.interrupt();
            try {
                watcher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new SearchInstance(running, registry, seen.get() == 0 ? System.nanoTime() : seen.get());
    }

    long consumerStartNanos() {
        return consumerStartNanos;
    }

    int port() {
        return running.port();
    }

    /** Records consumed and settled so far: stored, dead-lettered or skipped. */
    long consumed() {
        return counters(MetricNames.RECORDS_WRITTEN)
                + counters(MetricNames.RECORDS_FAILED)
                + counters(MetricNames.RECORDS_SKIPPED);
    }

    long deadLettered() {
        return counters(MetricNames.RECORDS_FAILED);
    }

    Health health() {
        return running.health();
    }

    private long counters(String name) {
        return Math.round(registry.find(name).counters().stream()
                .mapToDouble(Counter::count)
                .sum());
    }

    @Override
    public void close() {
        running.close();
    }
}
