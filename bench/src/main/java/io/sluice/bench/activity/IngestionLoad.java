package io.sluice.bench.activity;

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
 * A closed-loop {@code POST} load on the ingestion API: each worker holds one keep-alive HTTP/1.1 connection, sends a
 * request (one event, or a batch), reads the whole answer, and sends the next, through a warm-up and then a measured
 * window. Only 202 answers count as accepted events. A raw socket client ({@link HttpConnection}), as the
 * request-events bench, so that the client takes little CPU from the server it measures.
 */
public final class IngestionLoad {
    /** What one scenario measured. Latencies in microseconds. */
    public record Result(
            String scenario, int eventsPerRequest, long requests, long errors, double seconds, Percentiles latency) {
        public double eventsPerSecond() {
            return (requests - errors) * (double) eventsPerRequest / seconds;
        }
    }

    private IngestionLoad() {}

    /**
     * @param eventsPerRequest 1 for {@code POST /events}, else a batch of that many to {@code POST /events/batch}
     * @param users events are spread over this many user ids (the record keys)
     */
    static Result run(
            String scenario, int port, int workers, int eventsPerRequest, int users, Duration warmup, Duration measure)
            throws InterruptedException {
        long start = System.nanoTime() + Duration.ofMillis(50).toNanos();
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + measure.toNanos();
        List<Future<Tally>> tallies = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < workers; i++) {
                byte[][] requests = requests(port, eventsPerRequest, users, i);
                tallies.add(pool.submit(() -> work(port, requests, start, measureFrom, measureTo)));
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
        return new Result(scenario, eventsPerRequest, requests, errors, measure.toNanos() / 1e9, micros.percentiles());
    }

    /** A few distinct request bodies per worker, cycled (every user gets events; no client event_id, no dedupe). */
    private static byte[][] requests(int port, int eventsPerRequest, int users, int worker) {
        byte[][] out = new byte[8][];
        for (int r = 0; r < out.length; r++) {
            StringBuilder body = new StringBuilder(eventsPerRequest * 200);
            if (eventsPerRequest > 1) {
                body.append("{\"events\":[");
            }
            for (int e = 0; e < eventsPerRequest; e++) {
                int user = Math.floorMod(worker * 7919 + r * 131 + e, users);
                body.append(e == 0 ? "" : ",")
                        .append("{\"event_type\":\"page_view\",\"user_id\":\"user-")
                        .append(user)
                        .append("\",\"session_id\":\"s-")
                        .append(user)
                        .append("\",\"page_url\":\"https://shop.example/p/")
                        .append(e)
                        .append("\",\"event_data\":{\"ref\":\"bench\",\"n\":")
                        .append(e)
                        .append("}}");
            }
            if (eventsPerRequest > 1) {
                body.append("]}");
            }
            byte[] json = body.toString().getBytes(StandardCharsets.UTF_8);
            String head = "POST " + (eventsPerRequest > 1 ? "/events/batch" : "/events")
                    + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port + "\r\nContent-Type: application/json\r\nUser-Agent: sluice-bench\r\nContent-Length: "
                    + json.length + "\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.US_ASCII);
            out[r] = new byte[h.length + json.length];
            System.arraycopy(h, 0, out[r], 0, h.length);
            System.arraycopy(json, 0, out[r], h.length, json.length);
        }
        return out;
    }

    private static final class Tally {
        final Samples micros = new Samples();
        long requests;
        long errors;
    }

    private static Tally work(int port, byte[][] requests, long start, long measureFrom, long measureTo) {
        Tally tally = new Tally();
        HttpConnection c = new HttpConnection("127.0.0.1", port);
        try {
            long now;
            while ((now = System.nanoTime()) < start) {
                LockSupport.parkNanos(start - now);
            }
            for (int i = 0; (now = System.nanoTime()) < measureTo; i++) {
                boolean ok;
                try {
                    ok = c.exchange(requests[i % requests.length]) == 202;
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
