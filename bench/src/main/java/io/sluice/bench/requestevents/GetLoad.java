package io.sluice.bench.requestevents;

import io.sluice.bench.HttpConnection;
import io.sluice.bench.Percentiles;
import io.sluice.bench.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * A closed-loop {@code GET /} load: each worker holds one keep-alive HTTP/1.1 connection, sends a request, reads the
 * whole response, and sends the next, through a warm-up and then a measured window. A raw socket client, because
 * {@code java.net.http.HttpClient} would take CPU from the server it measures on a small machine.
 */
final class GetLoad {
    /** What one scenario measured. Latencies in microseconds. */
    record Result(String scenario, long requests, long errors, double seconds, Percentiles latency) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private GetLoad() {}

    static Result run(String scenario, int port, int workers, Duration warmup, Duration measure)
            throws InterruptedException {
        byte[] request = ("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Forwarded-For: 203.0.113.7\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime() + Duration.ofMillis(50).toNanos();
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + measure.toNanos();
        List<Future<Tally>> tallies = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < workers; i++) {
                tallies.add(pool.submit(() -> work(port, request, start, measureFrom, measureTo)));
            }
        }
        Samples micros = new Samples();
        long requests = 0;
        long errors = 0;
        for (Future<Tally> f : tallies) {
            try {
                Tally t = f.get();
                micros.addAll(t.micros);
                requests += t.requests;
                errors += t.errors;
            } catch (ExecutionException e) {
                throw new IllegalStateException(scenario + ": a load worker failed: " + e.getCause(), e.getCause());
            }
        }
        return new Result(scenario, requests, errors, measure.toNanos() / 1e9, micros.percentiles());
    }

    private static final class Tally {
        final Samples micros = new Samples();
        long requests;
        long errors;
    }

    private static Tally work(int port, byte[] request, long start, long measureFrom, long measureTo) {
        Tally tally = new Tally();
        HttpConnection c = new HttpConnection("127.0.0.1", port);
        try {
            long now;
            while ((now = System.nanoTime()) < start) {
                LockSupport.parkNanos(start - now);
            }
            while ((now = System.nanoTime()) < measureTo) {
                boolean ok;
                try {
                    ok = c.exchange(request) == 200;
                } catch (IOException e) {
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
        } finally {
            c.close();
        }
        return tally;
    }
}
