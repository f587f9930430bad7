package io.sluice.bench.ingest;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.CpuTime;
import io.sluice.bench.Format;
import io.sluice.bench.Machine;
import io.sluice.bench.Percentiles;
import io.sluice.bench.Producers;
import io.sluice.bench.Samples;
import io.sluice.bench.Workload;
import io.sluice.core.config.Settings;
import io.sluice.db.DatabaseConfig;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * {@code sluice bench ingest --rate R}: the writer runs first; messages then arrive at a fixed rate, and each one's
 * end-to-end latency — from its produce timestamp to the commit of the transaction that stored it, told from the
 * table and the writer's metrics ({@link CommitLatency}) — is sampled after a warm-up. Prints p50/p95/p99 and, last, {@code p99_ms=<n>}.
 */
public final class LatencyBenchmark {
    private final BenchEnvironment env;
    private final IngestOptions options;
    private final Map<String, String> overrides;
    private final PrintWriter out;

    public LatencyBenchmark(
            BenchEnvironment env, IngestOptions options, Map<String, String> overrides, PrintWriter out) {
        this.env = env;
        this.options = options;
        this.overrides = overrides;
        this.out = out;
    }

    /** The p99 end-to-end latency; {@link #print} writes {@code p99_ms=<n>}. */
    public record Result(long p99Millis) {
        public void print(PrintWriter out) {
            out.printf("p99_ms=%d%n", p99Millis);
            out.flush();
        }
    }

    /**
     * Runs the benchmark and returns its result, to be printed once the servers are stopped (so that nothing they
     * log comes after the result).
     */
    public Result run() throws InterruptedException {
        long warmup = Math.round(options.rate() * options.warmupSeconds());
        long total = warmup + options.messages();
        out.printf(
                Locale.ROOT,
                "latency: %s msg/s for %.0f s after a %d s warm-up (%s messages of %d bytes), %d partitions, sink copy"
                        + " (%s)%n",
                Format.count(Math.round(options.rate())),
                options.messages() / options.rate(),
                options.warmupSeconds(),
                Format.count(options.messages()),
                options.size(),
                options.partitions(),
                env.describe());
        out.printf("machine: %s%n", Machine.describe());
        out.flush();
        String topic = env.createTopic("bench-latency", options.partitions());
        DatabaseConfig db = env.createDatabase("bench_latency");
        Settings settings = WriterSettings.of(env.bootstrapServers(), topic, db, overrides);
        Workload workload = Workload.valid(System.nanoTime(), options.size());
        BenchWriter.prepare(settings, env.directory());
        try (KafkaProducer<byte[], byte[]> producer = Producers.streaming(env.bootstrapServers());
                Profile profile = Profile.start(options.jfr())) {
            PacedProducer paced = new PacedProducer(producer, topic, workload, total, options.rate(), warmup);
            CpuTime before = CpuTime.now(env.postgres().map(p -> p.dataDirectory()));
            try (BenchWriter writer = BenchWriter.start(settings, env.directory(), () -> null)) {
                paced.start();
                WriterRun.awaitRows(writer, total);
                paced.join();
                profile.stop(out);
                CpuTime cpu =
                        CpuTime.now(env.postgres().map(p -> p.dataDirectory())).minus(before);
                if (paced.failed() > 0) {
                    throw new IllegalStateException(paced.failed() + " sends failed");
                }
                Samples latency = CommitLatency.millis(db, writer.progress(), paced.measureFromMillis());
                return report(paced, writer.progress(), latency, cpu, total);
            }
        }
    }

    private Result report(PacedProducer paced, WriteProgress progress, Samples latency, CpuTime cpu, long total) {
        Percentiles p = latency.percentiles();
        out.printf(
                Locale.ROOT,
                "produced %s messages at %s msg/s (target %s)  [%s]%n",
                Format.count(total),
                Format.count(Math.round(paced.achievedRate())),
                Format.count(Math.round(options.rate())),
                Machine.load());
        out.printf(
                "end-to-end latency, produce timestamp to row committed (%s samples): p50 %d ms, p95 %d ms,"
                        + " p99 %d ms, p99.9 %d ms, max %d ms%n",
                Format.count(p.count()), p.p50(), p.p95(), p.p99(), p.p999(), p.max());
        WriteProgress.TransactionTimes t = progress.transactionTimes();
        out.printf(
                "  transactions: %s, %s rows on average; each took p50 %s, p99 %s, max %s%n",
                Format.count(progress.batches()),
                Format.count(progress.rows() / Math.max(1, progress.batches())),
                Format.millisFromMicros(t.p50Micros()),
                Format.millisFromMicros(t.p99Micros()),
                Format.millisFromMicros(t.maxMicros()));
        double seconds = total / options.rate();
        out.printf(
                Locale.ROOT,
                "  CPU: JVM (broker, producer, writer) %.1f s + PostgreSQL %.1f s = %.2f cores busy on average%n",
                cpu.jvmSeconds(),
                cpu.postgresSeconds(),
                (cpu.jvmSeconds() + cpu.postgresSeconds()) / seconds);
        out.flush();
        return new Result(p.p99());
    }
}
