package io.sluice.bench.ingest;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.CpuTime;
import io.sluice.bench.Format;
import io.sluice.bench.Machine;
import io.sluice.bench.Producers;
import io.sluice.bench.ThreadCpu;
import io.sluice.bench.Workload;
import io.sluice.core.config.Settings;
import io.sluice.db.DatabaseConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * {@code sluice bench ingest}: pre-produces the messages, measures the text writer storing all of them (from the
 * service's start through the registry to the commit of the last row), then a raw {@code COPY} of the same rows
 * ({@link CopyBaseline}), and prints both rates and, last, {@code ratio_vs_copy=<x.xx>}. The writer is observed from
 * outside only: its metrics, its threads' CPU time, its table.
 */
public final class IngestBenchmark {
    private final BenchEnvironment env;
    private final IngestOptions options;
    private final Map<String, String> overrides;
    private final PrintWriter out;

    public IngestBenchmark(
            BenchEnvironment env, IngestOptions options, Map<String, String> overrides, PrintWriter out) {
        this.env = env;
        this.options = options;
        this.overrides = overrides;
        this.out = out;
    }

    /** The two rates; {@link #print} writes the result lines, {@code ratio_vs_copy=} last. */
    public record Result(double writerRate, double copyRate) {
        public double ratio() {
            return writerRate / copyRate;
        }

        public void print(PrintWriter out) {
            out.printf(
                    "result: text writer %s msg/s, COPY %s rows/s%n",
                    Format.count(Math.round(writerRate)), Format.count(Math.round(copyRate)));
            out.printf("ratio_vs_copy=%s%n", Format.ratio(ratio()));
            out.flush();
        }
    }

    /**
     * Runs the benchmark and returns its result, to be printed once the servers are stopped (so that nothing they
     * log comes after the result).
     */
    public Result run() throws InterruptedException {
        long n = options.messages();
        out.printf(
                "ingest: %s messages of %d bytes, %d partitions, sink copy (%s)%n",
                Format.count(n), options.size(), options.partitions(), env.describe());
        out.printf("machine: %s%n", Machine.describe());
        String topic = env.createTopic("bench-ingest", options.partitions());
        Workload workload = Workload.valid(System.nanoTime(), options.size());
        try (KafkaProducer<byte[], byte[]> producer = Producers.bulk(env.bootstrapServers())) {
            long nanos = BulkProducer.produce(producer, topic, workload, n);
            out.printf(
                    "produce: %s messages in %s = %s msg/s  [%s]%n",
                    Format.count(n), Format.seconds(nanos), Format.rate(n, nanos), Machine.load());
        }
        out.flush();

        DatabaseConfig db = env.createDatabase("bench_ingest");
        Settings settings = WriterSettings.of(env.bootstrapServers(), topic, db, overrides);
        long writerNanos = measureWriter(settings, db);
        CopyBaseline.Result copy = measureCopy(db);

        out.flush();
        return new Result(Format.perSecond(n, writerNanos), Format.perSecond(copy.rows(), copy.nanos()));
    }

    private long measureWriter(Settings settings, DatabaseConfig db) throws InterruptedException {
        long n = options.messages();
        BenchWriter.prepare(settings, env.directory());
        try (Profile profile = Profile.start(options.jfr())) {
            Checkpoint.run(db);
            long called = System.nanoTime();
            try (BenchWriter writer = BenchWriter.start(settings, env.directory(), this::cpu)) {
                long start = writer.consumerStartNanos();
                CpuTime cpuBefore = writer.atConsumerStart();
                long started = start - called;
                WriterRun.awaitRows(writer, n);
                WriteProgress progress = writer.progress();
                long elapsed = progress.lastCommitNanos() - start;
                CpuTime cpu = cpu().minus(cpuBefore);
                long loopCpu = ThreadCpu.nanos(BenchWriter.LOOP_THREADS);
                profile.stop(out);
                out.printf(
                        "text writer: %s rows in %s = %s msg/s  [%s]%n",
                        Format.count(n), Format.seconds(elapsed), Format.rate(n, elapsed), Machine.load());
                printBreakdown(progress, start, started, elapsed, loopCpu, cpu);
                requireRows(db, "text_messages", n);
                return elapsed;
            }
        }
    }

    private void printBreakdown(
            WriteProgress progress, long start, long started, long elapsed, long loopCpu, CpuTime cpu) {
        long write = progress.writeNanos();
        long startup = progress.firstCommitNanos() - start;
        long steady = progress.lastCommitNanos() - progress.firstCommitNanos();
        out.printf(
                "  first batch committed after %s (joining the group, first fetch); from then on %s msg/s%n",
                Format.seconds(startup), Format.rate(progress.rows() - progress.firstBatchRows(), steady));
        out.printf(
                "  started through the registry: its consumer thread ran %s after start() (connecting, schema"
                        + " check; not timed)%n",
                Format.seconds(started));
        out.printf(
                "  threads: the writer was busy writing %s (%s of the time), the loop thread on CPU %s (%s; polling"
                        + " and decoding, thread CPU time)%n",
                Format.seconds(write),
                Format.percent(write, elapsed),
                Format.seconds(loopCpu),
                Format.percent(loopCpu, elapsed));
        WriteProgress.TransactionTimes t = progress.transactionTimes();
        out.printf(
                "  transactions: %s, %s rows on average; each took p50 %s, p99 %s, max %s%n",
                Format.count(progress.batches()),
                Format.count(progress.rows() / Math.max(1, progress.batches())),
                Format.millisFromMicros(t.p50Micros()),
                Format.millisFromMicros(t.p99Micros()),
                Format.millisFromMicros(t.maxMicros()));
        printCpu(cpu, elapsed);
    }

    private CopyBaseline.Result measureCopy(DatabaseConfig db) {
        CopyBaseline.Result copy = CopyBaseline.run(db, env.directory(), this::cpu);
        out.printf(
                "COPY baseline: %s rows in %s = %s rows/s  [%s]%n",
                Format.count(copy.rows()),
                Format.seconds(copy.nanos()),
                Format.rate(copy.rows(), copy.nanos()),
                Machine.load());
        printCpu(copy.cpu(), copy.nanos());
        requireRows(db, "copy_target", options.messages());
        return copy;
    }

    private void printCpu(CpuTime cpu, long elapsedNanos) {
        if (env.postgres().isEmpty()) {
            out.printf("  CPU: JVM %.1f s (PostgreSQL is external)%n", cpu.jvmSeconds());
            return;
        }
        out.printf(
                "  CPU: JVM %.1f s + PostgreSQL %.1f s = %.2f cores busy on average%n",
                cpu.jvmSeconds(),
                cpu.postgresSeconds(),
                (cpu.jvmSeconds() + cpu.postgresSeconds()) / (elapsedNanos / 1e9));
    }

    private CpuTime cpu() {
        Optional<Path> dir = env.postgres().map(p -> p.dataDirectory());
        return CpuTime.now(dir);
    }

    static void requireRows(DatabaseConfig db, String table, long expected) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            long rows = rs.getLong(1);
            if (rows != expected) {
                throw new IllegalStateException(table + " holds " + rows + " rows, expected " + expected);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the rows of " + table + ": " + e.getMessage(), e);
        }
    }
}
