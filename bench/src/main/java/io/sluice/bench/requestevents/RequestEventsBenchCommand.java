package io.sluice.bench.requestevents;

import io.sluice.bench.Machine;
import io.sluice.core.config.Settings;
import io.sluice.embedded.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench request-events}: {@code GET /} throughput and latency of the request-events service, on an
 * embedded broker in this process, in four scenarios per round:
 *
 * <ol>
 *   <li>{@code emission off}: the baseline ({@code events.enabled=false});
 *   <li>{@code broker up}: the emitter, sending two events per request ({@code events.consumer.enabled=false});
 *   <li>{@code + consumer}: the whole service, whose consumer also stores every event in SQLite;
 *   <li>{@code broker down}: the emitter with the broker stopped, spilling every event to disk.
 * </ol>
 *
 * Each instance is started through the service registry ({@link Instance}) and seen through its metrics and health.
 * After each round the broker is restarted and the replay of the spill file is timed. The three instances run
 * throughout, each on its own topic (the ones not measured are idle). Rounds interleave the scenarios and the
 * verdicts use medians, so that other processes on a shared machine weigh on every scenario alike. See
 * docs/benchmarks.md.
 */
@Command(
        name = "request-events",
        mixinStandardHelpOptions = true,
        description = {
            "Measure GET / of the request-events service with event emission off, with the broker up (emitter alone,"
                    + " then with the SQLite consumer), and with the broker down, in interleaved rounds on an embedded"
                    + " broker; then the replay of the spilled events.",
            "Targets: the emitter costs at most 15% of throughput; the broker being down adds at most 2 ms to p99."
        })
public final class RequestEventsBenchCommand implements Callable<Integer> {
    private static final String TOPIC = "bench-request-events";
    private static final String OFF = "emission off";
    private static final String UP = "broker up";
    private static final String FULL = "+ consumer";
    private static final String DOWN = "broker down";

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "10",
            description = "Measured seconds per scenario (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--warmup",
            paramLabel = "S",
            defaultValue = "3",
            description = "Unmeasured seconds before each scenario (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(
            names = "--connections",
            paramLabel = "C",
            defaultValue = "16",
            description = "Concurrent keep-alive connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(
            names = "--rounds",
            paramLabel = "N",
            defaultValue = "3",
            description = "Rounds of the scenarios, interleaved; the verdicts use medians (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the broker, SQLite and spill files go (default: a temporary directory, deleted).")
    Path dataDir;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override a service key in every instance, e.g. --set events.kafka.producer.linger.ms=50")
    Map<String, String> overrides = new HashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("sluice-bench-re-") : dataDir;
        Duration warmup = Duration.ofSeconds(warmupSeconds);
        Duration measure = Duration.ofSeconds(seconds);
        Map<String, List<GetLoad.Result>> results = new LinkedHashMap<>();
        out.printf(
                "Request events benchmark: GET /, %d connections, %d s measured after %d s warm-up, %d rounds%n%s,"
                        + " load average before: %s%n%n",
                connections, seconds, warmupSeconds, rounds, Machine.describe(), Machine.load());
        out.flush();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder()
                        .dataDirectory(dir.resolve("kafka"))
                        .build();
                Closeables services = new Closeables()) {
            kafka.start();
            Instance off = services.add(start(kafka, dir, "off", false, false));
            Instance emitter = services.add(start(kafka, dir, "emitter", true, false));
            Instance full = services.add(start(kafka, dir, "full", true, true));
            BooleanSupplier reachable = () -> emitter.kafkaUp() && full.kafkaUp();
            BooleanSupplier caughtUp = full::caughtUp;
            await("Kafka reachable", Duration.ofSeconds(30), reachable);
            // Warms the JIT for every scenario (they share the code), so none is measured cold.
            GetLoad.run("warm-up", full.port(), connections, Duration.ZERO, warmup.multipliedBy(2));
            await("the consumer caught up", Duration.ofMinutes(5), caughtUp);
            for (int round = 1; round <= rounds; round++) {
                out.printf("round %d%n", round);
                measure(out, results, OFF, off, warmup, measure);
                measure(out, results, UP, emitter, warmup, measure);
                measure(out, results, FULL, full, warmup, measure);
                await("the consumer caught up", Duration.ofMinutes(5), caughtUp);

                kafka.stop();
                await("Kafka seen down", Duration.ofSeconds(30), () -> !emitter.kafkaUp());
                measure(out, results, DOWN, emitter, warmup, measure);

                long spilled = emitter.spillPending();
                long began = System.nanoTime();
                kafka.start();
                await("the spill file replayed", Duration.ofMinutes(5), () -> emitter.spillPending() == 0);
                double took = (System.nanoTime() - began) / 1e9;
                out.printf(
                        Locale.ROOT,
                        "  replay: %,d spilled events sent in %.1f s (%,.0f events/s, broker restart included)%n",
                        spilled,
                        took,
                        spilled / took);
                await("Kafka reachable", Duration.ofSeconds(30), reachable);
                await("the consumer caught up", Duration.ofMinutes(5), caughtUp);
            }
            out.printf(
                    "%nevents dropped in all: %d; load average after: %s%n",
                    emitter.dropped() + full.dropped(), Machine.load());
        } finally {
            if (temporary) {
                delete(dir);
            }
        }
        summary(out, results);
        out.flush();
        return 0;
    }

    private Instance start(EmbeddedKafka kafka, Path dir, String name, boolean emit, boolean consume) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap_servers", kafka.bootstrapServers());
        s.put("events.topic", TOPIC + "-" + name);
        s.put("events.consumer_group", "bench-" + name);
        s.put("events.db_path", dir.resolve(name).resolve("events.db").toString());
        s.put("events.http.port", "0");
        s.put("events.http.host", "127.0.0.1");
        s.put("events.enabled", Boolean.toString(emit));
        s.put("events.consumer.enabled", Boolean.toString(consume));
        s.put("events.trusted_proxies", "127.0.0.1");
        s.putAll(overrides);
        return Instance.start(Settings.of(s), dir.resolve(name));
    }

    private void measure(
            PrintWriter out,
            Map<String, List<GetLoad.Result>> results,
            String scenario,
            Instance service,
            Duration warmup,
            Duration measure)
            throws InterruptedException {
        GetLoad.Result r = GetLoad.run(scenario, service.port(), connections, warmup, measure);
        results.computeIfAbsent(scenario, k -> new ArrayList<>()).add(r);
        out.printf(
                Locale.ROOT,
                "  %-13s %9.0f req/s   p50 %6.2f ms   p99 %6.2f ms   p99.9 %6.2f ms   errors %d   (events sent %,d,"
                        + " spilled %,d)%n",
                scenario,
                r.perSecond(),
                r.latency().p50() / 1000.0,
                r.latency().p99() / 1000.0,
                r.latency().p999() / 1000.0,
                r.errors(),
                service.sent(),
                service.spilledTotal());
        out.flush();
    }

    /**
     * Medians over the rounds. The costs compare scenarios of the same round (measured seconds apart), then take the
     * median over rounds: other processes on a shared machine come and go, and a paired comparison cancels most of
     * what they do; one disturbed round does not decide the verdict.
     */
    private static void summary(PrintWriter out, Map<String, List<GetLoad.Result>> results) {
        int n = results.get(OFF).size();
        out.printf("%nmedian of %d rounds%n", n);
        for (var e : results.entrySet()) {
            double rps = median(e.getValue().stream().mapToDouble(GetLoad.Result::perSecond));
            double p50 =
                    median(e.getValue().stream().mapToDouble(r -> r.latency().p50() / 1000.0));
            double p99 =
                    median(e.getValue().stream().mapToDouble(r -> r.latency().p99() / 1000.0));
            out.printf(Locale.ROOT, "  %-13s %9.0f req/s   p50 %6.2f ms   p99 %6.2f ms%n", e.getKey(), rps, p50, p99);
        }
        double[] up = costs(results, UP);
        double[] down = costs(results, DOWN);
        double[] full = costs(results, FULL);
        double[] p99Delta = new double[n];
        for (int i = 0; i < n; i++) {
            p99Delta[i] = (results.get(DOWN).get(i).latency().p99()
                            - results.get(UP).get(i).latency().p99())
                    / 1000.0;
        }
        double cost = median(DoubleStream.of(up));
        double delta = median(DoubleStream.of(p99Delta));
        out.printf(
                Locale.ROOT,
                "emitter cost, broker up: %.1f%% of throughput (target <= 15%%): %s   per round %s%n",
                cost,
                cost <= 15 ? "met" : "NOT met",
                list(up, "%"));
        out.printf(
                Locale.ROOT,
                "emitter cost, broker down (spilling): %.1f%% of throughput   per round %s%n",
                median(DoubleStream.of(down)),
                list(down, "%"));
        out.printf(
                Locale.ROOT,
                "whole service (emitter + SQLite consumer; the broker runs in this process too): %.1f%% of"
                        + " throughput   per round %s%n",
                median(DoubleStream.of(full)),
                list(full, "%"));
        out.printf(
                Locale.ROOT,
                "broker down vs up: p99 %+.2f ms (target <= +2 ms): %s   per round %s%n",
                delta,
                delta <= 2 ? "met" : "NOT met",
                list(p99Delta, " ms"));
    }

    /** Per round: how much throughput {@code scenario} loses against emission off, in percent. */
    private static double[] costs(Map<String, List<GetLoad.Result>> results, String scenario) {
        List<GetLoad.Result> off = results.get(OFF);
        List<GetLoad.Result> other = results.get(scenario);
        double[] c = new double[off.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = 100.0 * (1 - other.get(i).perSecond() / off.get(i).perSecond());
        }
        return c;
    }

    private static String list(double[] values, String unit) {
        StringBuilder b = new StringBuilder("[");
        for (double v : values) {
            b.append(b.length() > 1 ? ", " : "")
                    .append(String.format(Locale.ROOT, "%+.1f", v))
                    .append(unit);
        }
        return b.append(']').toString();
    }

    private static double median(DoubleStream values) {
        double[] v = values.sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(50); // polling a condition in a CLI, not a test
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Closes what was added, last first. */
    private static final class Closeables implements AutoCloseable {
        private final Deque<AutoCloseable> items = new ArrayDeque<>();

        <T extends AutoCloseable> T add(T item) {
            items.push(item);
            return item;
        }

        @Override
        public void close() {
            RuntimeException failure = null;
            while (!items.isEmpty()) {
                try {
                    items.pop().close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = new IllegalStateException("stopping a service failed: " + e.getMessage(), e);
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
