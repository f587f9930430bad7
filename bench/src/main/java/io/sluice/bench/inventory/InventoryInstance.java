package io.sluice.bench.inventory;

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
 * The inventory service started in this process through the service registry, as {@code sluice run inventory}
 * starts it, and seen from outside only: the consumer metrics it publishes in the registry given to it, its health,
 * its REST API. Thread-safe.
 */
final class InventoryInstance implements AutoCloseable {
    /** The consumer loops' threads are named {@code sluice-consumer-<service>...}. */
    static final String LOOP_THREADS = "sluice-consumer-";

    private final RunningService running;
    private final PrometheusMeterRegistry registry;
    private final long consumerStartNanos;

    private InventoryInstance(RunningService running, PrometheusMeterRegistry registry, long consumerStartNanos) {
        this.running = running;
        this.registry = registry;
        this.consumerStartNanos = consumerStartNanos;
    }

    /**
     * Starts the service and returns once it serves; {@link #consumerStartNanos()} is when its first consumer thread
     * was seen (a watcher looks every half millisecond), so a timed phase can begin there rather than at connecting
     * and migrating.
     */
    static InventoryInstance start(Map<String, String> settings, Path dataDir) {
        SluiceService service = ServiceRegistry.load().service(InventorySettings.SERVICE);
        PrometheusMeterRegistry registry = ServiceMain.prometheus();
        AtomicLong seen = new AtomicLong();
        Thread watcher = Thread.ofPlatform()
                .name("bench-inventory-watch")
                .daemon()
                .start(() -> {
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
        return new InventoryInstance(running, registry, seen.get() == 0 ? System.nanoTime() : seen.get());
    }

    long consumerStartNanos() {
        return consumerStartNanos;
    }

    int port() {
        return running.port();
    }

    /** Records consumed and settled so far: stored, dead-lettered or skipped (tombstones), over every topic. */
    long consumed() {
        return counters(MetricNames.RECORDS_WRITTEN)
                + counters(MetricNames.RECORDS_FAILED)
                + counters(MetricNames.RECORDS_SKIPPED);
    }

    /** Records sent to a dead-letter topic. */
    long deadLettered() {
        return counters(MetricNames.RECORDS_FAILED);
    }

    Health health() {
        return running.health();
    }

    /** The {@code consumer} part of {@code /health} when it has one, else the whole details. */
    Map<?, ?> consumerHealth() {
        Map<String, Object> details = running.health().details();
        return details.get("consumer") instanceof Map<?, ?> m ? m : details;
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
