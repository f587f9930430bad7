package io.sluice.bench.api;

import io.sluice.bench.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * A closed-loop load generator on virtual threads: each worker sends one operation, waits for its answer, and sends
 * the next, for a warm-up and then a measured window. Throughput is the operations started and completed within
 * the window divided by its length; latencies are those operations' times. Being closed-loop, it measures service
 * time under the given concurrency, not the queueing an open arrival rate would add.
 */
final class ClosedLoop {
    /** One worker's operation, for example a request on its keep-alive connection. Confined to that worker. */
    interface Operation extends AutoCloseable {
        /** Performs one operation; returns false (or throws) for a failure. */
        boolean call() throws Exception;

        @Override
        void close();
    }

    private ClosedLoop() {}

    static LoadResult run(
            String name, int workers, Duration warmup, Duration measure, IntFunction<Operation> operations)
            throws InterruptedException {
        long start = System.nanoTime() + Duration.ofMillis(50).toNanos();
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + measure.toNanos();
        List<Future<Tally>> tallies = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < workers; i++) {
                int worker = i;
                tallies.add(pool.submit(() -> work(operations.apply(worker), start, measureFrom, measureTo)));
            }
        }
        Tally total = new Tally();
        for (Future<Tally> f : tallies) {
            try {
                total.add(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException(name + ": a load worker failed: " + e.getCause(), e.getCause());
            }
        }
        return LoadResult.of(
                name,
                total.requests,
                total.errors,
                measure.toNanos() / 1e9,
                total.micros.percentiles(),
                "java, " + workers + " connections");
    }

    private static Tally work(Operation op, long start, long measureFrom, long measureTo) {
        Tally tally = new Tally();
        try (op) {
            long now;
            while ((now = System.nanoTime()) < start) {
                LockSupport.parkNanos(start - now);
            }
            while ((now = System.nanoTime()) < measureTo) {
                boolean ok;
                try {
                    ok = op.call();
                } catch (Exception e) {
                    ok = false;
                }
                long end = System.nanoTime();
                if (now >= measureFrom && end <= measureTo) {
                    tally.requests++;
                    tally.micros.add((end - now) / 1_000);
                    if (!ok) {
                        tally.errors++;
                    }
                }
            }
        }
        return tally;
    }

    private static final class Tally {
        long requests;
        long errors;
        final Samples micros = new Samples();

        void add(Tally other) {
            requests += other.requests;
            errors += other.errors;
            micros.addAll(other.micros);
        }
    }
}
