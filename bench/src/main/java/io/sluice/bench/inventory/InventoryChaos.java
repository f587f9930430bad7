package io.sluice.bench.inventory;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.Format;
import io.sluice.bench.Machine;
import io.sluice.bench.ServerOptions;
import io.sluice.bench.chaos.ChaosReport.Check;
import io.sluice.bench.chaos.WriterProcess;
import io.sluice.db.DatabaseConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The inventory fault run: the CDC source (in this process) captures {@code demo shop} traffic while the inventory
 * service runs as a child process ({@code ServiceMain inventory}) that is SIGKILLed {@code kills} times at spread-out
 * moments and started again at once. Then the traffic stops, a sentinel product is written and awaited (everything
 * before it was published), the group's lag must reach 0, and every product's stock as the service shows it must
 * equal the same definition computed by SQL over {@code shop} from the run's own audit triggers ({@link ShopAudit});
 * deleted products must not be shown.
 *
 * <p>Used by {@code sluice chaos inventory} and by {@code InventoryChaosIT}. Not thread-safe; one run per instance.
 */
public final class InventoryChaos {
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int SENTINEL_STOCK = 4242;

    private final Plan plan;
    private final ServerOptions servers;
    private final PrintWriter out;
    private final Random random;
    private final long began = System.nanoTime();

    /**
     * What a run does.
     *
     * @param kills SIGKILLs of the inventory process
     * @param seconds of demo traffic
     * @param stepsPerSecond demo steps per second (about {@link ShopLoad#EVENTS_PER_STEP} change events each)
     * @param topicPrefix the source's topic prefix
     * @param seed of the traffic and the kill moments
     * @param overrides inventory settings to override (full keys)
     */
    public record Plan(
            int kills,
            int seconds,
            double stepsPerSecond,
            String topicPrefix,
            long seed,
            Map<String, String> overrides) {
        public Plan {
            if (kills < 0 || seconds < 1 || stepsPerSecond <= 0) {
                throw new IllegalArgumentException("kills must be >= 0, seconds >= 1 and the rate > 0");
            }
            overrides = Map.copyOf(overrides);
        }
    }

    public InventoryChaos(Plan plan, ServerOptions servers, PrintWriter out) {
        this.plan = plan;
        this.servers = servers;
        this.out = out;
        this.random = new Random(plan.seed());
    }

    public InventoryChaosReport run() throws InterruptedException {
        out.printf(
                Locale.ROOT,
                "chaos inventory: demo shop traffic at %s steps/s (~%s change events/s) for %d s through the CDC"
                        + " source; the inventory process SIGKILLed %d times; seed %d%n",
                Format.count(Math.round(plan.stepsPerSecond())),
                Format.count(Math.round(plan.stepsPerSecond() * ShopLoad.EVENTS_PER_STEP)),
                plan.seconds(),
                plan.kills(),
                plan.seed());
        out.printf("machine: %s  [%s]%n", Machine.describe(), Machine.load());
        out.flush();
        try (BenchEnvironment env = BenchEnvironment.start(servers)) {
            InventoryChaosReport report;
            try {
                report = runIn(env);
            } catch (SQLException e) {
                throw new IllegalStateException("the shop database failed: " + e.getMessage(), e);
            }
            if (!report.passed()) {
                env.keepDirectory();
                out.printf("service logs kept in %s%n", env.directory());
            }
            return report;
        }
    }

    private InventoryChaosReport runIn(BenchEnvironment env) throws InterruptedException, SQLException {
        CdcTopics topics = new CdcTopics(plan.topicPrefix());
        DatabaseConfig shop = env.createDatabase("shop");
        DatabaseConfig store = env.createDatabase("inventory");
        String group = "chaos-inventory-" + UUID.randomUUID().toString().substring(0, 8);
        List<Check> checks = new ArrayList<>();
        try (ShopSource source = ShopSource.start(env.bootstrapServers(), shop, topics, env.directory());
                Connection c = source.connect()) {
            ShopAudit.install(c);
            event("CDC source streaming %s into %s.public.*; audit triggers installed", shop.name(), topics.prefix());
            Children children = new Children(
                    env,
                    InventorySettings.of(env.bootstrapServers(), topics, group, store, "postgres", childOverrides()));
            Thread cleanup = new Thread(children::killQuietly, "sluice-chaos-kill-inventory");
            Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C must not leave a service running
            try {
                children.start();
                long warmUp = insertProduct(c, "bench warm-up", SENTINEL_STOCK);
                boolean ready = awaitStock(children, warmUp, SENTINEL_STOCK);
                event("the inventory shows product %d (%s)", warmUp, ready ? "ready" : "NOT seen in time");
                ShopLoad load = new ShopLoad(source.connect(), plan.seed(), plan.stepsPerSecond());
                load.start();
                int kills = inject(children, load);
                load.close();
                event(
                        "traffic stopped: %s steps (%s), %d failed",
                        Format.count(load.steps()), load.describe(), load.failed());
                long sentinel = insertProduct(c, "bench sentinel", SENTINEL_STOCK);
                boolean seen = awaitStock(children, sentinel, SENTINEL_STOCK);
                event("sentinel product %d %s", sentinel, seen ? "shown by the inventory" : "NOT shown in time");
                long lag;
                try (GroupLag lags = new GroupLag(env.bootstrapServers())) {
                    lag = lags.awaitZero(group, topics.both(), SETTLE);
                }
                event("consumer group lag %s", Format.count(lag));
                checks.add(new Check(
                        load.failed() == 0 && load.steps() > 0,
                        "traffic: " + Format.count(load.steps()) + " demo steps, " + load.failed() + " failed"
                                + (load.firstFailure() == null ? "" : " (" + load.firstFailure() + ")")
                                + "; audited " + ShopAudit.summary(c)));
                checks.add(new Check(
                        kills == plan.kills() && children.unexpectedExits() == 0,
                        "faults: " + kills + " SIGKILLs of the inventory (planned " + plan.kills() + "), "
                                + children.incarnations() + " processes, " + children.unexpectedExits()
                                + " unexpected exits"));
                checks.add(new Check(
                        ready && seen && lag == 0,
                        "progress: warm-up product " + (ready ? "shown" : "NOT shown") + ", sentinel "
                                + (seen ? "shown" : "NOT shown") + ", group lag " + lag + " at the end"));
                Map<Long, Long> expected = ShopAudit.expectedStock(c);
                Set<Long> deleted = ShopAudit.deletedProducts(c);
                InventoryApi api = children.api();
                Map<Long, Long> shown = api.stock();
                Map<Long, OptionalLong> deletedShown = new HashMap<>();
                for (long id : deleted) {
                    deletedShown.put(id, api.stock(id));
                }
                int exit = children.stop();
                checks.add(new Check(
                        exit == 0 || exit == 143,
                        "the last inventory process stopped on SIGTERM with exit code " + exit));
                event("verified");
                return InventoryChaosReport.of(checks, expected, shown, deletedShown);
            } finally {
                children.killQuietly();
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
        }
    }

    /** Fast restarts: a killed member leaves the group only when its session expires. */
    private Map<String, String> childOverrides() {
        Map<String, String> s = new HashMap<>();
        s.put("services.inventory.kafka.consumer.session.timeout.ms", "6000");
        s.put("services.inventory.kafka.consumer.heartbeat.interval.ms", "1000");
        s.put("services.inventory.retry.max_backoff_ms", "1000");
        s.putAll(plan.overrides());
        return s;
    }

    /** Kills at {@code kills} moments spread over the traffic (each moved by up to a second), restarting at once. */
    private int inject(Children children, ShopLoad load) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(plan.seconds()).toNanos();
        List<Long> moments = new ArrayList<>();
        for (int i = 1; i <= plan.kills(); i++) {
            long at = start
                    + (end - start) * i / (plan.kills() + 1)
                    + Duration.ofMillis(random.nextInt(1000)).toNanos();
            moments.add(Math.min(at, end - 1));
        }
        int kills = 0;
        while (System.nanoTime() < end) {
            children.restartIfExited();
            if (!moments.isEmpty() && System.nanoTime() >= moments.get(0)) {
                moments.remove(0);
                children.kill();
                kills++;
                event(
                        "traffic at %s steps: killed the inventory with SIGKILL, started #%d",
                        Format.count(load.steps()), children.incarnations());
            }
            Thread.sleep(POLL.toMillis());
        }
        return kills;
    }

    private long insertProduct(Connection c, String name, int stock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO products (name, description, price, stock_quantity)"
                + " VALUES (?, 'written by the fault run', 1.00, ?) RETURNING id")) {
            ps.setString(1, name);
            ps.setInt(2, stock);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Polls the service (restarting it if it exited) until it shows the product with this stock. */
    private boolean awaitStock(Children children, long productId, long stock) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            children.restartIfExited();
            try {
                OptionalLong shown = children.api().stock(productId);
                if (shown.isPresent() && shown.getAsLong() == stock) {
                    return true;
                }
            } catch (IllegalStateException e) {
                // starting: not answering yet
            }
            Thread.sleep(POLL.toMillis());
        }
        return false;
    }

    private void event(String format, Object... args) {
        out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - began) / 1e9, String.format(format, args));
        out.flush();
    }

    /** The inventory child processes, one at a time, each on a fresh free port. */
    private final class Children {
        private final BenchEnvironment env;
        private final Map<String, String> settings;
        private volatile WriterProcess current;
        private volatile int port;
        private int incarnations;
        private int unexpectedExits;

        Children(BenchEnvironment env, Map<String, String> settings) {
            this.env = env;
            this.settings = settings;
        }

        void start() {
            port = freePort();
            Map<String, String> s = new HashMap<>(settings);
            s.put("services.inventory.http.port", Integer.toString(port));
            current =
                    WriterProcess.start(InventorySettings.SERVICE, ++incarnations, s, env.directory(), env.directory());
            event("started inventory #%d (pid %d, port %d)", incarnations, current.pid(), port);
        }

        void kill() throws InterruptedException {
            current.kill();
            start();
        }

        void restartIfExited() {
            if (current.isAlive()) {
                return;
            }
            unexpectedExits++;
            event("inventory #%d exited by itself (code %d); see %s", incarnations, current.exitValue(), current.log());
            start();
        }

        InventoryApi api() {
            return new InventoryApi(port);
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

        int incarnations() {
            return incarnations;
        }

        int unexpectedExits() {
            return unexpectedExits;
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
