package io.sluice.bench.requestevents;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.config.Settings;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.ServiceMain;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import java.nio.file.Path;
import java.util.Map;

/**
 * One request-events service started through the registry, seen as an operator sees it: its emitter through the
 * {@code sluice.events.*} metrics it publishes in the registry given to it, its consumer through its health (the
 * {@code /health} body). Thread-safe.
 */
final class Instance implements AutoCloseable {
    private static final String SERVICE = "request-events";

    private final RunningService running;
    private final PrometheusMeterRegistry registry;

    private Instance(RunningService running, PrometheusMeterRegistry registry) {
        this.running = running;
        this.registry = registry;
    }

    /** Starts request events alone ({@code run} mode) with these settings (its {@code events.*} keys). */
    static Instance start(Settings settings, Path dataDir) {
        SluiceService service = ServiceRegistry.load().service(SERVICE);
        PrometheusMeterRegistry registry = ServiceMain.prometheus();
        RunningService running = service.start(new ServiceContext(
                ServiceRegistry.settingsFor(service, settings), registry, ServiceContext.Mode.RUN, dataDir));
        return new Instance(running, registry);
    }

    int port() {
        return running.port();
    }

    /** {@code sluice.events.kafka.up}: whether the emitter saw Kafka answer recently. */
    boolean kafkaUp() {
        return gauge("sluice.events.kafka.up") == 1;
    }

    /** {@code sluice.events.spill.pending}: events in the spill file waiting for replay. */
    long spillPending() {
        return Math.round(gauge("sluice.events.spill.pending"));
    }

    /** {@code sluice.events.sent}: events acknowledged by Kafka since start, replays included. */
    long sent() {
        return counters("sluice.events.sent");
    }

    /** {@code sluice.events.spilled}, every reason: events written to the spill file since start. */
    long spilledTotal() {
        return counters("sluice.events.spilled");
    }

    /** {@code sluice.events.dropped}, every reason: events lost since start. */
    long dropped() {
        return counters("sluice.events.dropped");
    }

    /** Whether the service's consumer reports a lag of 0 in its health ({@code consumer.lag}). */
    boolean caughtUp() {
        Object consumer = running.health().details().get("consumer");
        return consumer instanceof Map<?, ?> m && m.get("lag") instanceof Number lag && lag.longValue() == 0;
    }

    private double gauge(String name) {
        Gauge g = registry.find(name).gauge();
        return g == null ? Double.NaN : g.value();
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
