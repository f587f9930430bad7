package io.sluice.bench.chaos;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.Format;
import io.sluice.bench.Machine;
import io.sluice.bench.Producers;
import io.sluice.bench.ServerOptions;
import io.sluice.bench.Workload;
import io.sluice.bench.chaos.ChaosReport.Check;
import io.sluice.bench.chaos.FaultSchedule.Event;
import io.sluice.bench.chaos.FaultSchedule.Fault;
import io.sluice.db.DatabaseConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The text writer fault run: the writer runs as a child process ({@link WriterProcess}) against an embedded broker
 * and PostgreSQL in this process; while records (some invalid) stream in, the writer is SIGKILLed {@code kills}
 * times at random moments, PostgreSQL is restarted once and the broker once ({@link FaultInjector}). When every
 * record is consumed the writer is stopped and {@link ChaosVerifier} checks the stored rows, the dead-letter topic
 * and the offsets.
 *
 * <p>Used by {@code sluice chaos text-writer} and by {@code TextWriterChaosIT}. Not thread-safe; one run per
 * instance.
 */
public final class TextWriterChaos {
    private static final Duration STALL_LIMIT = Duration.ofSeconds(90);
    private static final Duration POLL_EVERY = Duration.ofMillis(100);
    private static final int MAX_JITTER_MILLIS = 1_000;

    private final ChaosPlan plan;
    private final PrintWriter out;
    private final Random random;
    private final Timeline timeline;

    public TextWriterChaos(ChaosPlan plan, PrintWriter out) {
        this.plan = plan;
        this.out = out;
        this.random = new Random(plan.seed());
        this.timeline = new Timeline(out);
    }

    public ChaosReport run() throws InterruptedException {
        out.printf(
                Locale.ROOT,
                "chaos text-writer: %s records (%.1f%% invalid) at %s/s into %d partitions; %d kills, %d PostgreSQL"
                        + " restart, %d broker restart; seed %d%n",
                Format.count(plan.messages()),
                plan.invalidShare() * 100,
                Format.count(Math.round(plan.rate())),
                plan.partitions(),
                plan.kills(),
                ChaosPlan.SERVER_RESTARTS,
                ChaosPlan.SERVER_RESTARTS,
                plan.seed());
        out.printf("machine: %s  [%s]%n", Machine.describe(), Machine.load());
        out.flush();
        try (BenchEnvironment env = BenchEnvironment.start(ServerOptions.embedded())) {
            ChaosReport report = runIn(env);
            if (!report.passed()) {
                env.keepDirectory();
                out.printf("writer logs and server data kept in %s%n", env.directory());
            }
            out.printf("verified  [%s]%n", Machine.load());
            return report;
        }
    }

    private ChaosReport runIn(BenchEnvironment env) throws InterruptedException {
        String topic = env.createTopic("chaos", plan.partitions());
        String group = "chaos-" + topic;
        DatabaseConfig db = env.createDatabase("chaos");
        Workload workload = new Workload(plan.seed(), 100, plan.invalidShare());
        FaultInjector faults =
                new FaultInjector(env, writerSettings(env.bootstrapServers(), topic, group, db), timeline);
        Thread cleanup = new Thread(faults::killWriter, "sluice-chaos-kill-writer");
        Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C must not leave a writer running
        try (KafkaProducer<byte[], byte[]> kafkaProducer = Producers.streaming(env.bootstrapServers());
                StoredProgress progress = new StoredProgress(db, group)) {
            ChaosProducer producer = new ChaosProducer(kafkaProducer, topic, workload, plan.messages(), plan.rate());
            faults.startWriter();
            producer.start();
            boolean caughtUp = inject(progress, faults, producer);
            producer.join();
            int exit = faults.stopWriter(Duration.ofSeconds(30));
            List<Check> checks = new ArrayList<>(preconditions(producer, faults, caughtUp, exit));
            checks.addAll(new ChaosVerifier(db, env.bootstrapServers(), topic, group, workload)
                    .verify(producer.ackedValid(), producer.ackedInvalid()));
            return new ChaosReport(checks);
        } finally {
            faults.killWriter();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    /** Injects each scheduled fault at its moment, then waits for the writer to consume every record. */
    private boolean inject(StoredProgress progress, FaultInjector faults, ChaosProducer producer)
            throws InterruptedException {
        long streamingFrom = System.nanoTime();
        long last = 0;
        for (Event e : FaultSchedule.plan(plan, random)) {
            long reached = awaitMoment(progress, faults, streamingFrom + e.at().toNanos(), last);
            if (reached < 0) {
                return false;
            }
            Thread.sleep(random.nextInt(MAX_JITTER_MILLIS)); // land anywhere in the writer's poll-decode-write cycle
            timeline.event("consumed %s: %s", Format.count(reached), e.fault().description);
            faults.inject(e.fault());
            last = reached;
        }
        long end = awaitProgress(progress, faults, plan.messages(), producer);
        if (end >= 0) {
            timeline.event("consumed all %s records", Format.count(end));
        }
        return end >= 0;
    }

    /**
     * Waits until {@code atNanos} and until the writer has committed past {@code last} (or consumed everything);
     * restarts the writer if it exits by itself.
     *
     * @return the progress at that moment, or -1 if the run's timeout passed first
     */
    private long awaitMoment(StoredProgress progress, FaultInjector faults, long atNanos, long last)
            throws InterruptedException {
        long deadline = timeline.began() + plan.timeout().toNanos();
        while (true) {
            long now = System.nanoTime();
            long consumed = progress.consumed();
            if (now >= atNanos && (consumed > last || consumed >= plan.messages())) {
                return consumed;
            }
            faults.restartIfExited();
            if (now > deadline) {
                timeline.event(
                        "gave up waiting for the writer to commit past %s (see %s)",
                        Format.count(last), faults.writer().log());
                return -1;
            }
            Thread.sleep(POLL_EVERY.toMillis());
        }
    }

    /**
     * Polls the stored progress until {@code target}; restarts the writer if it exits by itself.
     *
     * @return the progress reached, or -1 if the run's timeout passed or nothing moved for {@link #STALL_LIMIT}
     */
    private long awaitProgress(StoredProgress progress, FaultInjector faults, long target, ChaosProducer producer)
            throws InterruptedException {
        long deadline = timeline.began() + plan.timeout().toNanos();
        long best = -1;
        long movedAt = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            long consumed = progress.consumed();
            if (consumed >= target) {
                return consumed;
            }
            if (consumed > best) {
                best = consumed;
                movedAt = now;
            }
            faults.restartIfExited();
            if (now > deadline || (producer.isDone() && now - movedAt > STALL_LIMIT.toNanos())) {
                timeline.event(
                        "gave up waiting for %s consumed records at %s (see %s)",
                        Format.count(target),
                        Format.count(best),
                        faults.writer().log());
                return -1;
            }
            Thread.sleep(POLL_EVERY.toMillis());
        }
    }

    private List<Check> preconditions(ChaosProducer producer, FaultInjector faults, boolean caughtUp, int exit) {
        long invalid = producer.ackedInvalid().size();
        long acked = producer.ackedValid().cardinality() + invalid;
        int kills = faults.injected(Fault.KILL);
        int postgres = faults.injected(Fault.POSTGRES_RESTART);
        int broker = faults.injected(Fault.BROKER_RESTART);
        return List.of(
                Check.of(
                        producer.failed() == 0 && acked == plan.messages(),
                        "produce: " + Format.count(acked) + " of " + Format.count(plan.messages())
                                + " records acknowledged (" + Format.count(invalid) + " of them invalid), "
                                + producer.failed() + " failed"
                                + (producer.firstFailure() == null ? "" : ": " + producer.firstFailure())),
                Check.of(
                        kills == plan.kills()
                                && postgres == ChaosPlan.SERVER_RESTARTS
                                && broker == ChaosPlan.SERVER_RESTARTS,
                        "faults: " + kills + " SIGKILLs, " + postgres + " PostgreSQL restart, " + broker
                                + " broker restart injected (planned " + plan.kills() + ", "
                                + ChaosPlan.SERVER_RESTARTS + ", " + ChaosPlan.SERVER_RESTARTS + ")"),
                Check.of(
                        caughtUp,
                        caughtUp
                                ? String.format(
                                        Locale.ROOT,
                                        "progress: all records consumed after %.1f s",
                                        timeline.elapsedSeconds())
                                : "progress: the writer did not consume every record in time"),
                Check.of(
                        faults.unexpectedExits() == 0 && (exit == 0 || exit == 143),
                        "writer: " + faults.unexpectedExits() + " unexpected exits; the last of "
                                + faults.incarnations() + " processes stopped on SIGTERM with exit code " + exit));
    }

    private static Map<String, String> writerSettings(String bootstrap, String topic, String group, DatabaseConfig db) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kafka.bootstrap_servers", bootstrap);
        s.put("kafka.input_topic", topic);
        s.put("kafka.consumer_group", group);
        s.put("kafka.create_topics", "false");
        // A killed member leaves the group only when its session expires; keep that short so restarts are quick.
        s.put("kafka.consumer.session.timeout.ms", "6000");
        s.put("kafka.consumer.heartbeat.interval.ms", "1000");
        s.put("database.host", db.host());
        s.put("database.port", Integer.toString(db.port()));
        s.put("database.name", db.name());
        s.put("database.user", db.user());
        s.put("database.password", db.password());
        s.put("http.host", "127.0.0.1");
        s.put("http.port", "0");
        s.put("retry.max_backoff_ms", "1000");
        return s;
    }
}
