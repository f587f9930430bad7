package io.sluice.bench.activity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.bench.Machine;
import io.sluice.core.config.Settings;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.ServiceMain;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import io.sluice.embedded.EmbeddedKafka;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ingestion half of {@code sluice bench activity}: accepted events/s and p50/p99 of {@code POST /events} (one
 * event a request) and {@code POST /events/batch} (batches of {@value #BATCH}), each beside the same server answering
 * without producing ({@code services.activity-ingestion.produce=false}: the HTTP ceiling), in the same run, on an
 * embedded broker in this process (the broker shares the machine, as the targets assume). Both instances are
 * started through the service registry, so the activity module must be on the class path (the app's). Target:
 * {@value #TARGET_EVENTS_PER_SECOND} accepted events/s in batches with p99 at most {@value #TARGET_P99_MS} ms.
 *
 * <p>The integrator wires {@link #run} into the {@code bench activity} command; nothing here parses arguments.
 */
public final class IngestionBench {
    static final int BATCH = 100;
    static final int USERS = 1_000;
    static final int TARGET_EVENTS_PER_SECOND = 10_000;
    static final int TARGET_P99_MS = 50;
    private static final String SERVICE = "activity-ingestion";

    private IngestionBench() {}

    /**
     * What to run.
     *
     * @param connections concurrent keep-alive connections per scenario
     * @param overrides service keys applied to both instances ({@code services.activity-ingestion.*})
     */
    public record Options(Duration warmup, Duration measure, int connections, Map<String, String> overrides) {
        public Options {
            overrides = Map.copyOf(overrides);
        }

        /** 3 s warm-up, 10 s measured, 16 connections. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(3), Duration.ofSeconds(10), 16, Map.of());
        }
    }

    /**
     * The figures of one run.
     *
     * @param scenarios in the order run: single and batch, each producing and not producing
     * @param targetMet whether batches, producing, reached the events/s target within the p99 target
     */
    public record Report(List<IngestionLoad.Result> scenarios, boolean targetMet) {}

    /**
     * Starts a broker under {@code dataDir} and both instances, measures the four scenarios and prints a line each and
     * the verdict to {@code out}.
     */
    public static Report run(PrintWriter out, Path dataDir, Options options) throws InterruptedException {
        out.printf(
                "Activity ingestion benchmark: %d connections, %d s measured after %d s warm-up%n%s, load average"
                        + " before: %s%n",
                options.connections(),
                options.measure().toSeconds(),
                options.warmup().toSeconds(),
                Machine.describe(),
                Machine.load());
        out.flush();
        List<IngestionLoad.Result> results = new ArrayList<>();
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().dataDirectory(dataDir.resolve("kafka")).build()) {
            kafka.start();
            try (Instance producing = Instance.start(kafka, dataDir, "produce", true, options.overrides());
                    Instance ceiling = Instance.start(kafka, dataDir, "http-only", false, options.overrides())) {
                // Warms the JIT for every scenario (they share the code), so none is measured cold.
                IngestionLoad.run(
                        "warm-up",
                        producing.port(),
                        options.connections(),
                        BATCH,
                        USERS,
                        Duration.ZERO,
                        options.warmup());
                for (int perRequest : new int[] {1, BATCH}) {
                    String shape = perRequest == 1 ? "single" : "batch " + BATCH;
                    results.add(measure(out, shape + ", produced", producing, perRequest, options));
                    results.add(measure(out, shape + ", not produced", ceiling, perRequest, options));
                }
                out.printf(
                        Locale.ROOT,
                        "events sent to Kafka %,d, spilled %,d, dropped %,d; load average after: %s%n",
                        producing.counter("sluice.events.sent"),
                        producing.counter("sluice.events.spilled"),
                        producing.counter("sluice.events.dropped"),
                        Machine.load());
            }
        }
        IngestionLoad.Result batch = results.get(2);
        double p99 = batch.latency().p99() / 1000.0;
        boolean met =
                batch.eventsPerSecond() >= TARGET_EVENTS_PER_SECOND && p99 <= TARGET_P99_MS && batch.errors() == 0;
        out.printf(
                Locale.ROOT,
                "batches, produced: %,.0f accepted events/s (target >= %,d), p99 %.1f ms (target <= %d ms): %s;"
                        + " %.0f%% of the HTTP ceiling%n",
                batch.eventsPerSecond(),
                TARGET_EVENTS_PER_SECOND,
                p99,
                TARGET_P99_MS,
                met ? "met" : "NOT met",
                100 * batch.eventsPerSecond() / Math.max(1, results.get(3).eventsPerSecond()));
        out.flush();
        return new Report(List.copyOf(results), met);
    }

    private static IngestionLoad.Result measure(
            PrintWriter out, String scenario, Instance instance, int perRequest, Options options)
            throws InterruptedException {
        IngestionLoad.Result r = IngestionLoad.run(
                scenario,
                instance.port(),
                options.connections(),
                perRequest,
                USERS,
                options.warmup(),
                options.measure());
        out.printf(
                Locale.ROOT,
                "  %-24s %9.0f events/s   %7.0f req/s   p50 %6.2f ms   p99 %6.2f ms   errors %d%n",
                scenario,
                r.eventsPerSecond(),
                r.requests() / r.seconds(),
                r.latency().p50() / 1000.0,
                r.latency().p99() / 1000.0,
                r.errors());
        out.flush();
        return r;
    }

    /** One ingestion service started through the registry, alone ({@code run} mode), seen through its metrics. */
    private static final class Instance implements AutoCloseable {
        private final RunningService running;
        private final PrometheusMeterRegistry registry;

        private Instance(RunningService running, PrometheusMeterRegistry registry) {
            this.running = running;
            this.registry = registry;
        }

        static Instance start(
                EmbeddedKafka kafka, Path dataDir, String name, boolean produce, Map<String, String> overrides) {
            String prefix = "services." + SERVICE + ".";
            Map<String, String> s = new HashMap<>();
            s.put("kafka.bootstrap_servers", kafka.bootstrapServers());
            s.put("http.host", "127.0.0.1");
            s.put(prefix + "http.port", "0");
            s.put(prefix + "topic", "bench-activity-" + name);
            s.put(
                    prefix + "spill.path",
                    dataDir.resolve(name).resolve("ingest.spill").toString());
            s.put(prefix + "produce", Boolean.toString(produce));
            s.putAll(overrides);
            SluiceService service = ServiceRegistry.load().service(SERVICE);
            PrometheusMeterRegistry registry = ServiceMain.prometheus();
            RunningService running = service.start(new ServiceContext(
                    ServiceRegistry.settingsFor(service, Settings.of(s)),
                    registry,
                    ServiceContext.Mode.RUN,
                    dataDir.resolve(name)));
            return new Instance(running, registry);
        }

        int port() {
            return running.port();
        }

        long counter(String name) {
            return Math.round(registry.find(name).counters().stream()
                    .mapToDouble(Counter::count)
                    .sum());
        }

        @Override
        public void close() {
            running.close();
        }
    }
}
