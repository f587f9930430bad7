package io.sluice.bench.inventory;

import io.sluice.demo.ShopAction;
import io.sluice.demo.ShopTraffic;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code sluice demo shop}'s traffic ({@link ShopTraffic}) on one connection, paced at a number of steps per second,
 * on a thread of its own until {@link #stop()}. A step is one to five statements, each its own transaction (a new
 * order with two items is four change events). Counts the steps by action and the failures.
 */
final class ShopLoad implements AutoCloseable {
    /** Change events a demo step makes on average (new orders with their items and total are four or five). */
    static final double EVENTS_PER_STEP = 2.2;

    private final Connection connection;
    private final ShopTraffic traffic;
    private final double stepsPerSecond;
    private final Map<ShopAction, Long> done = new EnumMap<>(ShopAction.class);
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean stopping;
    private volatile String firstFailure;
    private Thread thread;

    ShopLoad(Connection connection, long seed, double stepsPerSecond) throws SQLException {
        this.connection = connection;
        this.traffic = new ShopTraffic(connection, seed);
        this.stepsPerSecond = stepsPerSecond;
    }

    void start() {
        thread = Thread.ofPlatform().name("bench-shop-traffic").start(this::run);
    }

    private void run() {
        long interval = Math.round(TimeUnit.SECONDS.toNanos(1) / stepsPerSecond);
        long next = System.nanoTime();
        while (!stopping) {
            try {
                ShopTraffic.Step step = traffic.step();
                synchronized (done) {
                    done.merge(step.action(), 1L, Long::sum);
                }
                steps.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                failed.incrementAndGet();
                if (firstFailure == null) {
                    firstFailure = e.toString();
                }
            }
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (-wait > TimeUnit.SECONDS.toNanos(1)) {
                next = System.nanoTime(); // behind by more than a second: do not burst to catch up
            }
        }
    }

    /** Stops after the step in hand and waits for it. */
    void stop() throws InterruptedException {
        stopping = true;
        if (thread != null) {
            thread.join();
        }
    }

    long steps() {
        return steps.get();
    }

    long failed() {
        return failed.get();
    }

    String firstFailure() {
        return firstFailure;
    }

    /** {@code 120 new orders, 30 status changes, ...}. */
    String describe() {
        StringBuilder b = new StringBuilder();
        synchronized (done) {
            for (Map.Entry<ShopAction, Long> e : done.entrySet()) {
                b.append(b.isEmpty() ? "" : ", ")
                        .append(String.format("%,d %s", e.getValue(), e.getKey().label()));
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try {
            connection.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
