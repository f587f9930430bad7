package io.sluice.bench.activity;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.Format;
import io.sluice.bench.Machine;
import io.sluice.bench.ServerOptions;
import io.sluice.bench.chaos.ChaosReport;
import io.sluice.bench.chaos.ChaosReport.Check;
import io.sluice.bench.chaos.WriterProcess;
import io.sluice.core.config.Settings;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.ServiceMain;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import io.sluice.db.DatabaseConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The activity fault run: clients keep sending batches through the ingestion API (in this process, spilling to its file
 * while Kafka is away) while the broker is stopped for {@code outage} seconds and the activity processor, a child
 * process ({@code ServiceMain activity-processor}), is SIGKILLed {@code kills} times and started again at once. Then
 * the clients stop and, once the processor caught up, every event answered 202 must be stored exactly once: present,
 * counted once in every aggregate, stored offsets at the end of the topic, nothing in the dead-letter topic.
 *
 * <p>Used by {@code sluice chaos activity} and {@code ActivityChaosIT}. Not thread-safe; one run per instance.
 */
public final class ActivityChaos {
    static final int PARTITIONS = 6;
    private static final Duration POLL = Duration.ofMillis(200);

    private final Plan plan;
    private final ServerOptions servers;
    private final PrintWriter out;
    private final long began = System.nanoTime();

    /**
     * What a run does.
     *
     * @param seconds of client traffic
     * @param outageSeconds how long the broker is stopped (from a third of the traffic on)
     * @param kills SIGKILLs of the processor, spread over the traffic (the first during the outage)
     * @param clients concurrent HTTP clients
     * @param eventsPerSecond their total target rate
     * @param settle how long the processor may take to catch up afterwards
     */
    public record Plan(
            int seconds,
            int outageSeconds,
            int kills,
            int clients,
            double eventsPerSecond,
            Duration settle,
            long seed) {
        public Plan {
            if (seconds < 1
                    || outageSeconds < 0
                    || outageSeconds >= seconds
                    || kills < 0
                    || clients < 1
                    || eventsPerSecond <= 0) {
                throw new IllegalArgumentException(
                        "seconds must be >= 1, the outage shorter than the traffic, kills >= 0, clients >= 1, rate > 0");
            }
        }

        /** The CI variant: 24 s of traffic, an 8 s broker outage, two kills. */
        public static Plan shortRun(long seed) {
            return new Plan(24, 8, 2, 4, 400, Duration.ofSeconds(60), seed);
        }
    }

    public ActivityChaos(Plan plan, ServerOptions servers, PrintWriter out) {
        this.plan = plan;
        this.servers = servers;
        this.out = out;
    }

    public ChaosReport run() throws InterruptedException {
        out.printf(
                Locale.ROOT,
                "chaos activity: %d clients at %s events/s for %d s through the ingestion API; the broker stopped for %d"
                        + " s; the processor SIGKILLed %d times; seed %d%n",
                plan.clients(),
                Format.count(Math.round(plan.eventsPerSecond())),
                plan.seconds(),
                plan.outageSeconds(),
                plan.kills(),
                plan.seed());
        out.printf("machine: %s  [%s]%n", Machine.describe(), Machine.load());
        out.flush();
        try (BenchEnvironment env = BenchEnvironment.start(servers)) {
            ChaosReport report;
            try {
                report = runIn(env);
            } catch (SQLException e) {
                throw new IllegalStateException("reading the processor's database failed: " + e.getMessage(), e);
            }
            if (!report.passed()) {
                env.keepDirectory();
                out.printf("service logs kept in %s%n", env.directory());
            }
            return report;
        }
    }

    private ChaosReport runIn(BenchEnvironment env) throws InterruptedException, SQLException {
        if (env.kafka().isEmpty()) {
            throw new IllegalStateException("the activity fault run stops the broker: it needs an embedded one");
        }
        String topic = env.createTopic("chaos-activity", PARTITIONS);
        DatabaseConfig db = env.createDatabase("chaos_activity");
        String group = "chaos-activity-" + UUID.randomUUID().toString().substring(0, 8);
        List<Check> checks = new ArrayList<>();
        Processes processor = new Processes(env, processorSettings(env, topic, group, db));
        Thread cleanup = new Thread(processor::killQuietly, "sluice-chaos-kill-activity");
        Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C must not leave a service running
        try (RunningService ingestion = startIngestion(env, topic)) {
            event("ingestion API on port %d", ingestion.port());
            processor.start();
            ActivityClients clients = new ActivityClients(
                    "http://127.0.0.1:" + ingestion.port(), plan.clients(), plan.eventsPerSecond(), plan.seed());
            clients.start();
            int kills = inject(env, processor);
            clients.stop();
            event(
                    "clients stopped: %s events sent, %s answered 202, %s batches sent again, %s unexpected answers",
                    Format.count(clients.sent().size()),
                    Format.count(clients.accepted().size()),
                    Format.count(clients.retried()),
                    Format.count(clients.unexpected()));
            Set<String> accepted = Set.copyOf(clients.accepted());
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                long missing = awaitStored(c, accepted, processor);
                long ends = endOffsets(env.bootstrapServers(), topic);
                long stored = awaitOffsets(c, group, topic, ends, processor);
                event("processor caught up: %s of the 202s missing; stored offsets %s of %s", missing, stored, ends);
                checks.add(new Check(
                        !accepted.isEmpty() && clients.unexpected() == 0,
                        "traffic: " + Format.count(accepted.size()) + " events answered 202 of "
                                + Format.count(clients.sent().size()) + " sent; " + clients.unexpected()
                                + " unexpected answers"
                                + (clients.firstUnexpected() == null ? "" : " (" + clients.firstUnexpected() + ")")));
                checks.add(new Check(
                        kills == plan.kills() && processor.unexpectedExits == 0,
                        "faults: broker stopped " + plan.outageSeconds() + " s; " + kills
                                + " SIGKILLs of the processor (planned " + plan.kills() + "), "
                                + processor.incarnations + " processes, " + processor.unexpectedExits
                                + " unexpected exits"));
                checks.add(new Check(missing == 0, "every event answered 202 is stored: " + missing + " missing"));
                checks.addAll(exactlyOnce(c, clients.sent()));
                checks.add(new Check(
                        stored == ends,
                        "offsets: stored " + stored + " = the topic's end offsets " + ends + " (group " + group + ")"));
            }
            long dead = deadLetters(env.bootstrapServers(), topic + ".dlq");
            checks.add(new Check(dead == 0, "dead letters: " + dead + " (an outage is never a dead letter)"));
            int exit = processor.stop();
            checks.add(new Check(
                    exit == 0 || exit == 143, "the last processor stopped on SIGTERM with exit code " + exit));
            event("verified");
            return new ChaosReport(checks);
        } finally {
            processor.killQuietly();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    /** Stored once and counted once: every aggregate sums to the number of stored events; only sent ids stored. */
    private List<Check> exactlyOnce(Connection c, Set<String> sent) throws SQLException {
        long events = count(c, "SELECT count(*) FROM activity_events");
        long users = count(c, "SELECT coalesce(sum(events), 0) FROM activity_users");
        long types = count(
                c,
                "SELECT coalesce(sum(v::bigint), 0) FROM activity_users, jsonb_each_text(events_by_type)"
                        + " AS t(k, v)");
        long minutes = count(c, "SELECT coalesce(sum(events), 0) FROM activity_minutes");
        long sessions = count(c, "SELECT coalesce(sum(events), 0) FROM activity_sessions");
        long withSession = count(c, "SELECT count(*) FROM activity_events WHERE session_id IS NOT NULL");
        long distinctSessions = count(c, "SELECT count(DISTINCT session_id) FROM activity_events");
        long sessionRows = count(c, "SELECT count(*) FROM activity_sessions");
        long userSessions = count(c, "SELECT coalesce(sum(sessions), 0) FROM activity_users");
        Set<String> stored = new HashSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT event_id FROM activity_events")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
        }
        stored.removeAll(sent);
        return List.of(
                new Check(
                        users == events && types == events && minutes == events && sessions == withSession,
                        "counted once: " + events + " events; per user " + users + ", per user and type " + types
                                + ", per minute " + minutes + ", per session " + sessions + " (of " + withSession
                                + " with a session)"),
                new Check(
                        userSessions == distinctSessions && sessionRows == distinctSessions,
                        "sessions: " + sessionRows + " stored, " + userSessions + " counted to their users, "
                                + distinctSessions + " distinct in the events"),
                new Check(stored.isEmpty(), "nothing stored that no client sent: " + stored.size() + " unknown ids"));
    }

    private Map<String, String> processorSettings(BenchEnvironment env, String topic, String group, DatabaseConfig db) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap_servers", env.bootstrapServers());
        s.put("services.activity-processor.kafka.topic", topic);
        s.put("services.activity-processor.kafka.group_id", group);
        s.put("services.activity-processor.kafka.partitions", Integer.toString(PARTITIONS));
        s.put("services.activity-processor.environment", "production");
        // A processor restarted while the broker is away keeps trying for longer than the outage.
        s.put("services.activity-processor.kafka.max_retries", Integer.toString(plan.outageSeconds() + 30));
        s.put("services.activity-processor.kafka.retry_delay", "1");
        s.put("services.activity-processor.kafka.connect_timeout_ms", "1000");
        // A killed member holds its partitions until its session expires; keep that short here.
        s.put("services.activity-processor.kafka.consumer.session.timeout.ms", "6000");
        s.put("services.activity-processor.kafka.consumer.heartbeat.interval.ms", "1000");
        s.put("services.activity-processor.retry.max_backoff_ms", "1000");
        s.put("http.host", "127.0.0.1");
        s.put("database.host", db.host());
        s.put("database.port", Integer.toString(db.port()));
        s.put("database.name", db.name());
        s.put("database.user", db.user());
        s.put("database.password", db.password());
        return s;
    }

    private RunningService startIngestion(BenchEnvironment env, String topic) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap_servers", env.bootstrapServers());
        s.put("services.activity-ingestion.topic", topic);
        s.put("services.activity-ingestion.partitions", Integer.toString(PARTITIONS));
        s.put("services.activity-ingestion.http.port", "0");
        s.put(
                "services.activity-ingestion.spill.path",
                env.directory().resolve("activity-ingestion.spill").toString());
        s.put("http.host", "127.0.0.1");
        SluiceService service = ServiceRegistry.load().service("activity-ingestion");
        return service.start(new ServiceContext(
                ServiceRegistry.settingsFor(service, Settings.of(s)),
                ServiceMain.prometheus(),
                ServiceContext.Mode.RUN,
                env.directory()));
    }

    /**
     * The faults: the broker stops at a third of the traffic for the outage; the first kill in the middle of the
     * outage, the others spread over the rest of the traffic. Returns the kills done.
     */
    private int inject(BenchEnvironment env, Processes processor) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(plan.seconds()).toNanos();
        long brokerDown = start + Duration.ofSeconds(plan.seconds()).toNanos() / 3;
        long brokerUp = brokerDown + Duration.ofSeconds(plan.outageSeconds()).toNanos();
        List<Long> kills = new ArrayList<>();
        if (plan.kills() > 0) {
            kills.add(brokerDown + (brokerUp - brokerDown) / 2);
            for (int i = 1; i < plan.kills(); i++) {
                kills.add(brokerUp + (end - brokerUp) * i / plan.kills());
            }
        }
        var kafka = env.kafka().orElseThrow();
        boolean down = false;
        boolean wasDown = false;
        int killed = 0;
        while (System.nanoTime() < end || down) {
            long now = System.nanoTime();
            if (!down && !wasDown && now >= brokerDown) {
                kafka.stop();
                down = true;
                wasDown = true;
                event("broker stopped");
            } else if (down && now >= brokerUp) {
                kafka.start();
                down = false;
                event("broker back after %d s", plan.outageSeconds());
            }
            processor.restartIfExited();
            if (!kills.isEmpty() && now >= kills.get(0)) {
                kills.remove(0);
                processor.kill();
                killed++;
            }
            Thread.sleep(POLL.toMillis());
        }
        return killed;
    }

    private long awaitStored(Connection c, Set<String> accepted, Processes processor)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + plan.settle().toNanos();
        long missing = accepted.size();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT count(*) FROM activity_events WHERE event_id = ANY(?)")) {
            Array ids = c.createArrayOf("text", accepted.toArray());
            while (System.nanoTime() < deadline) {
                processor.restartIfExited();
                ps.setArray(1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    missing = accepted.size() - rs.getLong(1);
                }
                if (missing == 0) {
                    break;
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        return missing;
    }

    private long awaitOffsets(Connection c, String group, String topic, long ends, Processes processor)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long stored = -1;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(sum(next_offset), 0) FROM sluice_offsets WHERE group_id = ? AND topic = ?")) {
            ps.setString(1, group);
            ps.setString(2, topic);
            while (System.nanoTime() < deadline) {
                processor.restartIfExited();
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    stored = rs.getLong(1);
                }
                if (stored == ends) {
                    break;
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        return stored;
    }

    private static long endOffsets(String bootstrapServers, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> parts = IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new TopicPartition(topic, p))
                    .toList();
            return consumer.endOffsets(parts, Duration.ofSeconds(30)).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static long deadLetters(String bootstrapServers, String dlq) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> parts = consumer.partitionsFor(dlq, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(dlq, p.partition()))
                    .toList();
            return consumer.endOffsets(parts, Duration.ofSeconds(10)).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void event(String format, Object... args) {
        out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - began) / 1e9, String.format(format, args));
        out.flush();
    }

    /** The processor child processes, one at a time, each on a fresh free port. */
    private final class Processes {
        private final BenchEnvironment env;
        private final Map<String, String> settings;
        private volatile WriterProcess current;
        int incarnations;
        int unexpectedExits;

        Processes(BenchEnvironment env, Map<String, String> settings) {
            this.env = env;
            this.settings = settings;
        }

        void start() {
            Map<String, String> s = new HashMap<>(settings);
            s.put("services.activity-processor.http.port", Integer.toString(freePort()));
            current = WriterProcess.start("activity-processor", ++incarnations, s, env.directory(), env.directory());
            event("started processor #%d (pid %d)", incarnations, current.pid());
        }

        void kill() throws InterruptedException {
            current.kill();
            event("killed processor #%d with SIGKILL", incarnations);
            start();
        }

        void restartIfExited() {
            if (current.isAlive()) {
                return;
            }
            unexpectedExits++;
            event("processor #%d exited by itself (code %d); see %s", incarnations, current.exitValue(), current.log());
            start();
        }

        int stop() throws InterruptedException {
            return current.stop(Duration.ofSeconds(30));
        }

        void killQuietly() {
            WriterProcess p = current;
            if (p != null && p.isAlive()) {
                try {
                    p.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
