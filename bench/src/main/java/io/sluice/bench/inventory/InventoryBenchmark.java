package io.sluice.bench.inventory;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.CpuTime;
import io.sluice.bench.Format;
import io.sluice.bench.Machine;
import io.sluice.bench.Producers;
import io.sluice.core.config.ConfigException;
import io.sluice.db.DatabaseConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * {@code sluice bench inventory}: pre-produces a realistic mix of CDC events ({@link InventoryWorkload}) to the
 * products and order-items topics, then measures the inventory service (started through the registry, in this
 * process, its own group and database) storing them, from its consumer's start to the commit of the last record,
 * and then the naive {@link BaselineWriter} applying the same events; prints both rates, their ratio and the CPU per
 * event beside the targets, and, last, {@code ratio_vs_baseline=<x.xx>}. Both stores are checked afterwards against
 * the stock the workload says every product must have (not timed): the service must match exactly; the baseline's
 * misses are printed, as what the naive way costs.
 */
public final class InventoryBenchmark {
    /** The targets on a 2-core machine. */
    static final double TARGET_EVENTS_PER_SECOND = 20_000;

    static final double TARGET_RATIO = 0.5;

    private static final Duration STALL = Duration.ofSeconds(120);

    private final BenchEnvironment env;
    private final InventoryOptions options;
    private final PrintWriter out;

    public InventoryBenchmark(BenchEnvironment env, InventoryOptions options, PrintWriter out) {
        this.env = env;
        this.options = options;
        this.out = out;
    }

    /**
     * The rates (events per second; 0 for a store that was skipped) and whether the service's store matched the
     * expected stock.
     */
    public record Result(String store, double serviceRate, double baselineRate, boolean storeMatches) {
        public double ratio() {
            return baselineRate <= 0 ? 0 : serviceRate / baselineRate;
        }

        public void print(PrintWriter out) {
            if (serviceRate <= 0) {
                out.printf("result: inventory (%s) skipped%n", store);
                out.flush();
                return;
            }
            boolean postgres = store.equals("postgres");
            out.printf(
                    "result: inventory (%s) %s events/s%s, naive baseline %s events/s%n",
                    store,
                    Format.count(Math.round(serviceRate)),
                    postgres
                            ? " (target >= " + Format.count(Math.round(TARGET_EVENTS_PER_SECOND)) + ": "
                                    + (serviceRate >= TARGET_EVENTS_PER_SECOND ? "met" : "NOT met") + ")"
                            : " (no target)",
                    Format.count(Math.round(baselineRate)));
            out.printf(
                    "ratio_vs_baseline=%s%s%n",
                    Format.ratio(ratio()),
                    postgres
                            ? "  (target >= " + TARGET_RATIO + ": " + (ratio() >= TARGET_RATIO ? "met" : "NOT met")
                                    + ")"
                            : "");
            out.flush();
        }
    }

    /**
     * Runs the benchmark and returns its result, to be printed once the servers are stopped (so that nothing they log
     * comes after it).
     */
    public Result run() throws InterruptedException {
        long n = options.events();
        out.printf(
                "inventory: %s CDC events (flattened JSON with schemas) on 2 topics x %d partitions, store %s (%s)%n",
                Format.count(n), CdcTopics.PARTITIONS, options.store(), env.describe());
        out.printf("machine: %s%n", Machine.describe());
        Map<String, String> storeSettings = new HashMap<>();
        DynaliteProcess dynalite = null;
        if (options.store().equals("dynamodb")) {
            Optional<Path> cli = DynaliteProcess.find();
            if (cli.isEmpty()) {
                out.println("skipped: dynalite is not installed; " + DynaliteProcess.INSTALL_HINT);
                out.flush();
                return new Result(options.store(), 0, 0, false);
            }
            dynalite = DynaliteProcess.start(
                    cli.get(), env.directory().resolve("dynalite").resolve("data"));
            storeSettings.putAll(dynalite.settings());
            out.printf("dynalite on %s%n", dynalite.settings().get("aws.endpoint_url_dynamodb"));
        }
        try {
            return measure(n, storeSettings);
        } catch (ConfigException e) {
            if (!options.store().equals("dynamodb")) {
                throw e;
            }
            out.println("skipped: the inventory service refused the dynamodb store in this build: " + e.getMessage());
            out.flush();
            return new Result(options.store(), 0, 0, false);
        } finally {
            if (dynalite != null) {
                dynalite.close();
            }
        }
    }

    private Result measure(long n, Map<String, String> storeSettings) throws InterruptedException {
        CdcTopics topics = new CdcTopics(options.topicPrefix());
        topics.create(env.bootstrapServers());
        InventoryWorkload workload = new InventoryWorkload(options.seed(), n, System.currentTimeMillis());
        try (KafkaProducer<byte[], byte[]> producer = Producers.bulk(env.bootstrapServers())) {
            long nanos = EventLoad.produce(producer, topics, workload);
            out.printf(
                    "produce: %s events in %s = %s events/s  [%s]%n",
                    Format.count(n), Format.seconds(nanos), Format.rate(n, nanos), Machine.load());
        }
        out.printf("  mix: %s%n", workload.describe());
        out.flush();
        Map<Long, Long> expected = workload.expectedStock();

        Measured service = measureService(topics, n, expected, storeSettings);
        Measured baseline = measureBaseline(topics, n, expected);
        return new Result(
                options.store(),
                Format.perSecond(n, service.nanos()),
                Format.perSecond(n, baseline.nanos()),
                service.wrong() == 0);
    }

    private record Measured(long nanos, long wrong) {}

    private Measured measureService(CdcTopics topics, long n, Map<Long, Long> expected, Map<String, String> store)
            throws InterruptedException {
        DatabaseConfig db = env.createDatabase("bench_inventory");
        String group = "bench-inventory-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>(
                InventorySettings.of(env.bootstrapServers(), topics, group, db, options.store(), options.overrides()));
        settings.putAll(store);
        prepare(settings);
        Path dir = env.directory().resolve("inventory");
        try (InventoryInstance service = InventoryInstance.start(settings, dir);
                GroupLag lag = new GroupLag(env.bootstrapServers())) {
            long start = service.consumerStartNanos();
            CpuTime before = cpu();
            long end = awaitConsumed(service, n);
            CpuTime cpu = cpu().minus(before);
            long elapsed = end - start;
            out.printf(
                    "inventory (%s): %s events in %s = %s events/s  [%s]%n",
                    options.store(), Format.count(n), Format.seconds(elapsed), Format.rate(n, elapsed), Machine.load());
            printCpu(cpu, n, elapsed);
            long left = lag.awaitZero(group, topics.both(), Duration.ofSeconds(30));
            out.printf(
                    "  consumer group %s: lag %s after the last commit%s; %s dead-lettered%n",
                    group, Format.count(left), left == 0 ? "" : " (NOT 0)", Format.count(service.deadLettered()));
            long wrong = check("inventory", new InventoryApi(service.port()).stock(), expected);
            return new Measured(elapsed, wrong);
        }
    }

    /** Starts and stops the service once on idle topics of its own, so that the timed start finds its schema. */
    private void prepare(Map<String, String> settings) {
        CdcTopics idle = new CdcTopics(options.topicPrefix() + "_prepare");
        idle.create(env.bootstrapServers());
        Map<String, String> s = new HashMap<>(settings);
        s.put("services.inventory.kafka.topics", String.join(",", idle.both()));
        s.put("services.inventory.kafka.group_id", "bench-prepare");
        InventoryInstance.start(s, env.directory().resolve("inventory-prepare")).close();
    }

    private Measured measureBaseline(CdcTopics topics, long n, Map<Long, Long> expected) {
        DatabaseConfig db = env.createDatabase("bench_baseline");
        BaselineWriter.prepare(db);
        CpuTime before = cpu();
        BaselineWriter.Result r = BaselineWriter.run(env.bootstrapServers(), topics, db, n);
        CpuTime cpu = cpu().minus(before);
        out.printf(
                "naive baseline (KafkaConsumer + JDBC batches): %s events in %s = %s events/s, %s transactions  [%s]%n",
                Format.count(r.records()),
                Format.seconds(r.nanos()),
                Format.rate(r.records(), r.nanos()),
                Format.count(r.transactions()),
                Machine.load());
        printCpu(cpu, n, r.nanos());
        long wrong = check("naive baseline", BaselineWriter.stock(db), expected);
        return new Measured(r.nanos(), wrong);
    }

    /** Waits until the service has settled {@code n} records; returns when it was first seen. */
    private long awaitConsumed(InventoryInstance service, long n) throws InterruptedException {
        long last = -1;
        long movedAt = System.nanoTime();
        long nextCheck = movedAt + TimeUnit.SECONDS.toNanos(1);
        while (true) {
            long consumed = service.consumed();
            long now = System.nanoTime();
            if (consumed >= n) {
                return now;
            }
            if (consumed != last) {
                last = consumed;
                movedAt = now;
            }
            if (now >= nextCheck) {
                nextCheck = now + TimeUnit.SECONDS.toNanos(1);
                Map<?, ?> consumer = service.consumerHealth();
                if ("failed".equals(consumer.get("status"))) {
                    throw new IllegalStateException("the inventory service failed after " + consumed + " records: "
                            + consumer.get("last_error"));
                }
                if (now - movedAt > STALL.toNanos()) {
                    throw new IllegalStateException("the inventory service settled no record for " + STALL.toSeconds()
                            + " s (" + consumed + " of " + n + "; health " + service.health() + ")");
                }
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted after " + consumed + " of " + n + " records");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Compares stored stock with the expected; prints the outcome and returns how many products differ. */
    private long check(String who, Map<Long, Long> stored, Map<Long, Long> expected) {
        long wrong = 0;
        String first = null;
        for (Map.Entry<Long, Long> e : expected.entrySet()) {
            Long got = stored.get(e.getKey());
            if (!e.getValue().equals(got)) {
                wrong++;
                if (first == null) {
                    first = "product " + e.getKey() + " has " + got + ", expected " + e.getValue();
                }
            }
        }
        long extra =
                stored.keySet().stream().filter(id -> !expected.containsKey(id)).count();
        if (wrong == 0 && extra == 0) {
            out.printf("  %s: the stock of all %s products is as expected%n", who, Format.count(expected.size()));
        } else {
            out.printf(
                    "  %s: %s of %s products with a wrong stock, %s deleted products shown (first: %s)%n",
                    who, Format.count(wrong), Format.count(expected.size()), Format.count(extra), first);
        }
        out.flush();
        return wrong + extra;
    }

    private void printCpu(CpuTime cpu, long events, long elapsedNanos) {
        double total = cpu.jvmSeconds() + cpu.postgresSeconds();
        out.printf(
                Locale.ROOT,
                "  CPU: JVM (broker, consumer) %.1f s + PostgreSQL %.1f s = %.1f us per event, %.2f cores busy%n",
                cpu.jvmSeconds(),
                cpu.postgresSeconds(),
                total * 1e6 / Math.max(1, events),
                total / (elapsedNanos / 1e9));
    }

    private CpuTime cpu() {
        return CpuTime.now(env.postgres().map(p -> p.dataDirectory()));
    }
}
