package io.sluice.bench.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Clients of the ingestion API that keep sending batches of events with their own {@code event_id}s, each at its share
 * of a target rate, and remember which ids were answered {@code accepted} (202, or {@code accepted} in a 207). A batch
 * answered 503 (or not answered) is sent again with the same ids after a pause, as a careful client does; so ids
 * may be sent more than once, and only the acknowledged ones must be stored. Thread-safe; {@link #stop()} stops them.
 */
final class ActivityClients {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final int BATCH = 20;

    private final String url;
    private final int clients;
    private final double eventsPerSecond;
    private final long seed;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private volatile String firstUnexpected;

    ActivityClients(String url, int clients, double eventsPerSecond, long seed) {
        this.url = url;
        this.clients = clients;
        this.eventsPerSecond = eventsPerSecond;
        this.seed = seed;
    }

    void start() {
        for (int i = 0; i < clients; i++) {
            int client = i;
            threads.add(Thread.ofPlatform().name("chaos-activity-client-" + i).start(() -> run(client)));
        }
    }

    private void run(int client) {
        SplittableRandom random = new SplittableRandom(seed + client);
        long intervalNanos = (long) (BATCH * clients * 1e9 / eventsPerSecond);
        long next = System.nanoTime();
        while (!stopping) {
            String body = batch(client, random);
            List<String> ids = ids(body);
            sent.addAll(ids);
            while (!stopping && !send(body)) {
                retried.incrementAndGet();
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime(); // behind (the API was slow): no burst to catch up
            }
        }
    }

    /** Sends one batch; returns false when it should be sent again (503, or no answer). */
    private boolean send(String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/events/batch"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 202 || r.statusCode() == 207) {
                for (JsonNode result : MAPPER.readTree(r.body()).path("results")) {
                    if ("accepted".equals(result.path("status").asText())) {
                        accepted.add(result.path("event_id").asText());
                    }
                }
                return true;
            }
            if (r.statusCode() == 503) {
                return false;
            }
            unexpected("HTTP " + r.statusCode() + ": " + r.body());
            return true;
        } catch (IOException e) {
            return false; // the service restarting, or a timeout: send the same ids again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return true;
        }
    }

    private void unexpected(String what) {
        if (unexpected.getAndIncrement() == 0) {
            firstUnexpected = what;
        }
    }

    private static String batch(int client, SplittableRandom random) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode events = root.putArray("events");
        String now = Instant.now().toString();
        for (int i = 0; i < BATCH; i++) {
            String user = "user-" + random.nextInt(200);
            ObjectNode e = events.addObject();
            e.put("event_id", UUID.randomUUID().toString());
            e.put("event_type", ActivityWorkload.TYPES[random.nextInt(ActivityWorkload.TYPES.length)]);
            e.put("user_id", user);
            e.put("session_id", user + "-c" + client + "-" + random.nextInt(5));
            e.put("page_url", "https://shop.example/p/" + random.nextInt(30));
            e.put("timestamp", now);
            e.putObject("event_data").put("n", random.nextInt(1000));
        }
        return root.toString();
    }

    private static List<String> ids(String body) {
        try {
            List<String> out = new ArrayList<>();
            for (JsonNode e : MAPPER.readTree(body).path("events")) {
                out.add(e.get("event_id").asText());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Set<String> sent() {
        return sent;
    }

    Set<String> accepted() {
        return accepted;
    }

    long retried() {
        return retried.get();
    }

    long unexpected() {
        return unexpected.get();
    }

    String firstUnexpected() {
        return firstUnexpected;
    }

    /** Stops sending; a batch in flight is finished (so its answer counts). */
    void stop() throws InterruptedException {
        stopping = true;
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(40));
        }
    }
}
