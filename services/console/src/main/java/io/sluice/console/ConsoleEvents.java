package io.sluice.console;

import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The live stream's clients ({@code GET /api/stream}, server-sent events) and what is sent to them: {@code overview}
 * every sample, {@code dlq} when the counts change, {@code action} after a write ({@code {"kind": "replay|resolve|
 * produce", "id", "outcome"}}; the dead-letter routes publish theirs through {@link #action}). A client that went
 * away is dropped. Thread-safe.
 */
public final class ConsoleEvents {
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    /** Sends off the sampler's and the routes' threads, in order: a slow client never delays a sampling. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "console-events");
        t.setDaemon(true);
        return t;
    });

    private volatile Object lastDlq;

    void add(SseClient client) {
        clients.add(client);
        client.onClose(() -> clients.remove(client));
        client.keepAlive();
    }

    int clients() {
        return clients.size();
    }

    /** Sends {@code data} (rendered as JSON) as an event named {@code event} to every client. */
    public void publish(String event, Object data) {
        try {
            sender.execute(() -> send(event, data));
        } catch (RejectedExecutionException e) {
            // closing: nobody to tell
        }
    }

    private void send(String event, Object data) {
        for (SseClient c : clients) {
            if (c.terminated()) {
                clients.remove(c);
                continue;
            }
            try {
                c.sendEvent(event, data);
            } catch (RuntimeException e) {
                clients.remove(c);
            }
        }
    }

    /** An {@code action} event: a write happened ({@code kind} replay, resolve or produce). */
    public void action(String kind, String id, String outcome) {
        publish("action", Map.of("kind", kind, "id", id, "outcome", outcome));
    }

    /** A {@code dlq} event, only when the counts differ from the last ones sent. */
    void dlq(Object counts) {
        if (!Objects.equals(counts, lastDlq)) {
            lastDlq = counts;
            publish("dlq", counts);
        }
    }

    void closeAll() {
        sender.shutdownNow();
        clients.forEach(c -> {
            try {
                c.close();
            } catch (RuntimeException e) {
                // already gone
            }
        });
        clients.clear();
    }
}
