package io.sluice.bench.analytics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sluice.bench.ThreadCpu;
import io.sluice.core.config.Settings;
import io.sluice.core.health.Health;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.ServiceMain;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The analytics service started in this process through the service registry, as {@code sluice run analytics} starts
 * it, and seen from outside only: its health and its REST API ({@code GET /analytics/summary}, {@code POST
 * /analytics/flush}). Thread-safe.
 */
final class AnalyticsInstance implements AutoCloseable {
    static final String SERVICE = "analytics";
    /** Kafka Streams names its threads {@code <client.id>-StreamThread-<n>}; the service's client id is this. */
    private static final String STREAM_THREADS = "analytics-service-StreamThread-";

    /** Amounts as exact decimals, their scale kept ({@code 12.50} stays {@code 12.50}). */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final RunningService running;
    private final long streamsStartNanos;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private AnalyticsInstance(RunningService running, long streamsStartNanos) {
        this.running = running;
        this.streamsStartNanos = streamsStartNanos;
    }

    /**
     * Starts the service and returns once it serves; {@link #streamsStartNanos()} is when its first stream thread was
     * seen (a watcher looks every half millisecond), so a timed phase can begin there.
     */
    static AnalyticsInstance start(Map<String, String> settings, Path dataDir) {
        SluiceService service = ServiceRegistry.load().service(SERVICE);
        long called = System.nanoTime();
        AtomicLong seen = new AtomicLong();
        Thread watcher = Thread.ofPlatform()
                .name("bench-analytics-watch")
                .daemon()
                .start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        if (ThreadCpu.exists(STREAM_THREADS)) {
                            seen.set(System.nanoTime());
                            return;
                        }
                        LockSupport.parkNanos(500_000);
                    }
                });
        RunningService running;
        try {
            running = service.start(new ServiceContext(
                    ServiceRegistry.settingsFor(service, Settings.of(settings)),
                    ServiceMain.prometheus(),
                    ServiceContext.Mode.RUN,
                    dataDir));
        } finally {
            watcher.interrupt();
            try {
                watcher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new AnalyticsInstance(running, seen.get() == 0 ? called : seen.get());
    }

    long streamsStartNanos() {
        return streamsStartNanos;
    }

    Health health() {
        return running.health();
    }

    /** Kafka Streams' state as {@code /health} reports it ({@code RUNNING}, {@code ERROR}, ...). */
    String streamsState() {
        return String.valueOf(running.health().details().get("streams_state"));
    }

    /** {@code GET /analytics/summary}'s {@code metrics}, or null while the state is not queryable (503). */
    JsonNode summary() {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/analytics/summary"))
                .GET()
                .timeout(Duration.ofSeconds(60))
                .build());
        if (r.statusCode() == 503) {
            return null;
        }
        return json(r, "GET /analytics/summary").path("metrics");
    }

    /** {@code POST /analytics/flush}: the keys written. */
    JsonNode flush() {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri("/analytics/flush"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(120))
                .build());
        return json(r, "POST /analytics/flush").path("written");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + running.port() + path);
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    private static JsonNode json(HttpResponse<byte[]> r, String what) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    what + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(what + " answered unreadable JSON", e);
        }
    }

    @Override
    public void close() {
        running.close();
    }
}
