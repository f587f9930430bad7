package io.sluice.bench.inventory;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.Format;
import io.sluice.bench.Machine;
import io.sluice.bench.Percentiles;
import io.sluice.bench.Samples;
import io.sluice.db.DatabaseConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code sluice bench inventory --rate R}: the whole path. The CDC source (Debezium embedded) captures a shop
 * database into which {@code demo shop} traffic writes about R change events per second ({@link ShopLoad}, on as many
 * connections as it takes at about 80 steps per second each); the
 * inventory service (in this process, through the registry) stores them. Beside the traffic, on a connection of its
 * own, a probe changes one product of its own, one change at a time, alternately a stock change ({@code UPDATE
 * products SET stock_quantity}) and an order item of 1,000 units ({@code INSERT INTO order_items}), each in its own
 * transaction, and polls {@code GET /inventory/{id}} every {@value #POLL_MICROS} us until the new stock is visible:
 * the time from the statement's start to that is one sample of source commit to stock visible. Store-neutral: it
 * reads the service's API only. Prints p50/p90/p99/max and, last, {@code p99_ms=<n>}.
 */
public final class InventoryLatency {
    static final long TARGET_P99_MILLIS = 1000;

    private static final long POLL_MICROS = 2000;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final long PROBE_UNITS = 1000;
    private static final double STEPS_PER_CONNECTION = 80;
    /** Demo traffic may order or restock the probe product too (rarely, by a few units). */
    private static final long TOLERANCE = 400;

    private final BenchEnvironment env;
    private final InventoryOptions options;
    private final double rate;
    private final int seconds;
    private final PrintWriter out;

    public InventoryLatency(BenchEnvironment env, InventoryOptions options, double rate, int seconds, PrintWriter out) {
        this.env = env;
        this.options = options;
        this.rate = rate;
        this.seconds = seconds;
        this.out = out;
    }

    /** The p99 in milliseconds; {@link #print} writes {@code p99_ms=<n>}. */
    public record Result(long p99Millis, boolean measured) {
        public void print(PrintWriter out) {
            if (measured) {
                out.printf(
                        "p99_ms=%d  (target <= %d: %s)%n",
                        p99Millis, TARGET_P99_MILLIS, p99Millis <= TARGET_P99_MILLIS ? "met" : "NOT met");
            } else {
                out.println("latency: not measured");
            }
            out.flush();
        }
    }

    public Result run() throws InterruptedException {
        out.printf(
                Locale.ROOT,
                "inventory latency: demo shop traffic at ~%s change events/s for %d s, CDC source -> Kafka -> inventory"
                        + " (%s store) (%s)%n",
                Format.count(Math.round(rate)),
                seconds,
                options.store(),
                env.describe());
        out.printf("machine: %s%n", Machine.describe());
        out.flush();
        if (!options.store().equals("postgres")) {
            out.println("latency skipped: the latency run uses the postgres store");
            out.flush();
            return new Result(0, false);
        }
        CdcTopics topics = new CdcTopics(options.topicPrefix());
        DatabaseConfig shop = env.createDatabase("shop");
        DatabaseConfig store = env.createDatabase("bench_inventory");
        String group = "bench-inventory-latency-" + UUID.randomUUID().toString().substring(0, 8);
        try (ShopSource source = ShopSource.start(env.bootstrapServers(), shop, topics, env.directory());
                InventoryInstance service = InventoryInstance.start(
                        InventorySettings.of(
                                env.bootstrapServers(), topics, group, store, "postgres", options.overrides()),
                        env.directory().resolve("inventory"));
                Connection probeConnection = source.connect();
                GroupLag lag = new GroupLag(env.bootstrapServers())) {
            return measure(source, service, probeConnection, topics, lag);
        } catch (SQLException e) {
            throw new IllegalStateException("the shop database failed: " + e.getMessage(), e);
        }
    }

    private Result measure(ShopSource source, InventoryInstance service, Connection c, CdcTopics topics, GroupLag lag)
            throws SQLException, InterruptedException {
        Probe probe = Probe.create(c);
        InventoryApi api = new InventoryApi(service.port());
        if (await(api, probe.productId, probe.expected, READY_TIMEOUT) < 0) {
            throw new IllegalStateException("the inventory did not show the probe product " + probe.productId
                    + " within " + READY_TIMEOUT.toSeconds() + " s (health " + service.health() + ")");
        }
        // One connection keeps up with about 100 demo steps per second here (each statement commits with fsync).
        int connections = (int) Math.max(1, Math.ceil(rate / ShopLoad.EVENTS_PER_STEP / STEPS_PER_CONNECTION));
        List<ShopLoad> loads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            loads.add(
                    new ShopLoad(source.connect(), options.seed() + i, rate / ShopLoad.EVENTS_PER_STEP / connections));
        }
        Samples products = new Samples();
        Samples items = new Samples();
        int timeouts = 0;
        List<String> cdcTopics = List.of(topics.products(), topics.orders(), topics.orderItems());
        long recordsBefore = lag.records(cdcTopics);
        long readBefore = lag.records(topics.both());
        long started = System.nanoTime();
        loads.forEach(ShopLoad::start);
        try {
            Thread.sleep(WARM_UP.toMillis());
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
                boolean stockChange = probe.next % 2 == 0;
                long t0 = System.nanoTime();
                probe.change(c);
                if (await(api, probe.productId, probe.expected, PROBE_TIMEOUT) < 0) {
                    timeouts++; // counted at the timeout
                }
                (stockChange ? products : items).add((System.nanoTime() - t0) / 1000);
                Thread.sleep(20);
            }
        } finally {
            for (ShopLoad load : loads) {
                load.close();
            }
        }
        long elapsed = System.nanoTime() - started;
        long records = lag.records(cdcTopics) - recordsBefore;
        long read = lag.records(topics.both()) - readBefore;
        out.printf(
                "traffic: %s demo steps on %d connections, %d failed%s; %s change events published on the 3 topics"
                        + " = %s events/s (target %s; %s of them on the 2 the inventory reads)  [%s]%n",
                Format.count(loads.stream().mapToLong(ShopLoad::steps).sum()),
                connections,
                loads.stream().mapToLong(ShopLoad::failed).sum(),
                loads.stream()
                        .map(ShopLoad::firstFailure)
                        .filter(java.util.Objects::nonNull)
                        .findFirst()
                        .map(f -> " (first: " + f + ")")
                        .orElse(""),
                Format.count(records),
                Format.rate(records, elapsed),
                Format.count(Math.round(rate)),
                Format.count(read),
                Machine.load());
        Samples all = new Samples();
        all.addAll(products);
        all.addAll(items);
        print("all probes", all);
        print("  stock changes (products topic)", products);
        print("  order items (order_items topic)", items);
        if (timeouts > 0) {
            out.printf(
                    "  %d probes not visible within %d s (counted at the timeout)%n",
                    timeouts, PROBE_TIMEOUT.toSeconds());
        }
        out.flush();
        return new Result(Math.round(all.percentiles().p99() / 1000.0), all.size() > 0);
    }

    private void print(String label, Samples micros) {
        Percentiles p = micros.percentiles();
        out.printf(
                Locale.ROOT,
                "%s, source commit to stock visible (%s samples): p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                label,
                Format.count(p.count()),
                p.p50() / 1000.0,
                p.p90() / 1000.0,
                p.p99() / 1000.0,
                p.max() / 1000.0);
    }

    /**
     * Polls until the product's stock is within {@link #TOLERANCE} of {@code expected}.
     *
     * @return microseconds waited, or -1 on timeout
     */
    private static long await(InventoryApi api, long productId, long expected, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                OptionalLong stock = api.stock(productId);
                if (stock.isPresent() && Math.abs(stock.getAsLong() - expected) <= TOLERANCE) {
                    return (System.nanoTime() - start) / 1000;
                }
            } catch (IllegalStateException e) {
                // not answering yet
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(POLL_MICROS));
        }
        return -1;
    }

    /** The probe's own product and order (delivered, so the demo never cancels or edits it). */
    private static final class Probe {
        private final long productId;
        private final long orderId;
        private long expected;
        private long next;

        private Probe(long productId, long orderId, long expected) {
            this.productId = productId;
            this.orderId = orderId;
            this.expected = expected;
        }

        static Probe create(Connection c) throws SQLException {
            long order = id(
                    c,
                    "INSERT INTO orders (customer_id, total_amount, status) VALUES (0, 0, 'delivered')"
                            + " RETURNING id");
            long product = id(
                    c,
                    "INSERT INTO products (name, description, price, stock_quantity)"
                            + " VALUES ('bench probe', 'the latency probe', 1.00, 1000000) RETURNING id");
            // An item, so that the demo never deletes the product (it deletes only products never ordered).
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO order_items (order_id, product_id, quantity, price) VALUES (" + order
                        + ", " + product + ", 1, 1.00)");
            }
            return new Probe(product, order, 1_000_000 - 1);
        }

        /** One change in its own transaction: a stock change, then an order item, and so on. */
        void change(Connection c) throws SQLException {
            if (next % 2 == 0) {
                long stock = 1_000_000 + (next / 2 + 1) * 10_000;
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE products SET stock_quantity = ?, updated_at = now() WHERE id = ?")) {
                    ps.setLong(1, stock);
                    ps.setLong(2, productId);
                    ps.executeUpdate();
                }
                expected = stock;
            } else {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO order_items (order_id, product_id, quantity, price) VALUES (?, ?, ?, 1.00)")) {
                    ps.setLong(1, orderId);
                    ps.setLong(2, productId);
                    ps.setLong(3, PROBE_UNITS);
                    ps.executeUpdate();
                }
                expected -= PROBE_UNITS;
            }
            next++;
        }

        private static long id(Connection c, String sql) throws SQLException {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
