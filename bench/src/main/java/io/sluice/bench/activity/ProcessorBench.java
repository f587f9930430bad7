package io.sluice.bench.activity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.Format;
import io.sluice.bench.Machine;
import io.sluice.bench.ThreadCpu;
import io.sluice.core.MetricNames;
import io.sluice.core.config.Settings;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.ServiceMain;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import io.sluice.db.DatabaseConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The processor half of {@code sluice bench activity}: pre-produces {@code n} EnrichedEvents ({@link
 * ActivityWorkload}, snappy, keyed by user) to a fresh topic, then measures the activity processor (started through
 * the registry in this process, its own group and database; found on the app's class path) storing them with their
 * aggregates, from its consumer thread's start until every record settled; then {@link RawCopyBaseline}, a raw
 * consume-and-COPY of the same records into an equivalent table, in the same run. Prints both rates and, last,
 * {@code processor_ratio_vs_copy=<x.xx>} against the target 0.5. Afterwards (not timed) the processor's table must hold
 * exactly {@code n} events. Entry point for the integrator: {@link #run}.
 *
 * <p>Size: the processor runs first, in this JVM, so it alone pays the JIT's warm-up (and both pay a group join). At
 * 30,000 events that is most of its time (ratio ~0.35 on the build machine); at 150,000 the ratio was 0.70 under a
 * load of 7 on 2 cores. Use at least 100,000 events for a figure.
 */
public final class ProcessorBench {
    /** The target: the processor at least half of its raw baseline. */
    public static final double TARGET_RATIO = 0.5;

    static final String SERVICE = "activity-processor";
    static final int PARTITIONS = 6;
    private static final Duration STALL = Duration.ofMinutes(5);

    private ProcessorBench() {}

    /** The rates (events per second) and whether the processor stored exactly every event. */
    public record Result(long events, double processorRate, double baselineRate, boolean storedExactly) {
        public double ratio() {
            return baselineRate <= 0 ? 0 : processorRate / baselineRate;
        }

        public void print(PrintWriter out) {
            out.printf(
                    "result: activity processor %s events/s, raw consume-and-COPY %s events/s%s%n",
                    Format.count(Math.round(processorRate)),
                    Format.count(Math.round(baselineRate)),
                    storedExactly ? "" : " (the processor did NOT store exactly every event)");
            out.printf(
                    "processor_ratio_vs_copy=%s  (target >= %s: %s)%n",
                    Format.ratio(ratio()), TARGET_RATIO, ratio() >= TARGET_RATIO ? "met" : "NOT met");
            out.flush();
        }
    }

    /**
     * Runs the measurement on {@code env}'s broker and PostgreSQL; returns the result, to be printed once the servers
     * are stopped.
     */
    public static Result run(BenchEnvironment env, long n, long seed, PrintWriter out) throws InterruptedException {
        out.printf(
                "activity processor: %s EnrichedEvents on %d partitions (%s)%n",
                Format.count(n), PARTITIONS, env.describe());
        out.printf("machine: %s%n", Machine.describe());
        String topic = env.createTopic("bench-activity", PARTITIONS);
        try (KafkaProducer<byte[], byte[]> producer = producer(env.bootstrapServers())) {
            long nanos = new ActivityWorkload(seed, n).produce(producer, topic);
            out.printf(
                    "produce: %s events in %s = %s events/s  [%s]%n",
                    Format.count(n), Format.seconds(nanos), Format.rate(n, nanos), Machine.load());
        }
        out.flush();

        DatabaseConfig db = env.createDatabase("bench_activity");
        long elapsed = measureProcessor(env, topic, db, n, out);
        boolean exact = count(db, "SELECT count(*) FROM activity_events") == n;
        out.printf(
                "activity processor: %s events in %s = %s events/s; stored %s  [%s]%n",
                Format.count(n),
                Format.seconds(elapsed),
                Format.rate(n, elapsed),
                exact ? "exactly every event" : "NOT exactly every event",
                Machine.load());
        out.flush();

        DatabaseConfig raw = env.createDatabase("bench_activity_copy");
        RawCopyBaseline.Result baseline = RawCopyBaseline.run(env.bootstrapServers(), topic, raw, n);
        out.printf(
                "raw consume-and-COPY: %s events in %s = %s events/s, %s transactions  [%s]%n",
                Format.count(baseline.records()),
                Format.seconds(baseline.nanos()),
                Format.rate(baseline.records(), baseline.nanos()),
                Format.count(baseline.transactions()),
                Machine.load());
        out.flush();
        return new Result(
                n, Format.perSecond(n, elapsed), Format.perSecond(baseline.records(), baseline.nanos()), exact);
    }

    private static long measureProcessor(BenchEnvironment env, String topic, DatabaseConfig db, long n, PrintWriter out)
            throws InterruptedException {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap_servers", env.bootstrapServers());
        s.put("services.activity-processor.kafka.topic", topic);
        s.put(
                "services.activity-processor.kafka.group_id",
                "bench-activity-" + UUID.randomUUID().toString().substring(0, 8));
        s.put("services.activity-processor.kafka.create_topics", "false");
        s.put("services.activity-processor.environment", "production");
        s.put("services.activity-processor.http.port", "0");
        s.put("http.host", "127.0.0.1");
        s.put("database.host", db.host());
        s.put("database.port", Integer.toString(db.port()));
        s.put("database.name", db.name());
        s.put("database.user", db.user());
        s.put("database.password", db.password());
        SluiceService service = ServiceRegistry.load().service(SERVICE);
        PrometheusMeterRegistry registry = ServiceMain.prometheus();
        AtomicLong seen = new AtomicLong();
        Thread watcher = Thread.ofPlatform()
                .name("bench-activity-watch")
                .daemon()
                .start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        if (ThreadCpu.exists("sluice-consumer-")) {
                            seen.set(System.nanoTime());
                            return;
                        }
                        LockSupport.parkNanos(500_000);
                    }
                });
        RunningService running;
        try {
            running = service.start(new ServiceContext(
                    ServiceRegistry.settingsFor(service, Settings.of(s)),
                    registry,
                    ServiceContext.Mode.RUN,
                    env.directory().resolve("activity-processor")));
        } finally {
            watcher.interrupt();
            watcher.join();
        }
        try (running) {
            long start = seen.get() == 0 ? System.nanoTime() : seen.get();
            long elapsed = awaitSettled(registry, running, start, n);
            DistributionSummary sizes = registry.find(MetricNames.BATCH_SIZE).summary();
            Timer flushes = registry.find(MetricNames.BATCH_FLUSH).timer();
            if (sizes != null && flushes != null) {
                out.printf(
                        "  %s batches, %s records each on average; their writes took %s in all%n",
                        Format.count(sizes.count()),
                        Format.count(Math.round(sizes.mean())),
                        Format.seconds(Math.round(flushes.totalTime(TimeUnit.NANOSECONDS))));
            }
            return elapsed;
        }
    }

    private static long awaitSettled(PrometheusMeterRegistry registry, RunningService running, long start, long n) {
        long last = -1;
        long progressAt = System.nanoTime();
        while (true) {
            long consumed = settled(registry);
            if (consumed >= n) {
                return System.nanoTime() - start;
            }
            if (consumed != last) {
                last = consumed;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > STALL.toNanos()) {
                throw new IllegalStateException("the activity processor stalled at " + consumed + " of " + n
                        + " records; health: " + running.health());
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }

    private static long settled(PrometheusMeterRegistry registry) {
        double sum = 0;
        for (String name :
                new String[] {MetricNames.RECORDS_WRITTEN, MetricNames.RECORDS_FAILED, MetricNames.RECORDS_SKIPPED}) {
            sum += registry.find(name).counters().stream()
                    .mapToDouble(Counter::count)
                    .sum();
        }
        return Math.round(sum);
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "sluice-bench-activity");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        // One request in flight per partition: on a topic created a moment ago, a NOT_LEADER retry with five in flight
        // once left the broker answering OUT_OF_ORDER_SEQUENCE_NUMBER to every retry of a partition for minutes (CI,
        // Kafka 4.3.1), and the run stalled short of the records it had produced.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static long count(DatabaseConfig db, String sql) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("counting on " + db.jdbcUrl() + " failed: " + e.getMessage(), e);
        }
    }
}
