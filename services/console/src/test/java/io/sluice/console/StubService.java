package io.sluice.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tiny real HTTP server standing in for a Sluice service: {@code /health} (with a password the console must
 * mask), {@code /metrics} (Prometheus text whose written counter grows by 50 a scrape), and the text writer's
 * {@code /messages}, {@code /messages/{id}}, {@code /stats}; it remembers the last write's Authorization header.
 */
final class StubService implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger scrapes = new AtomicInteger();
    final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    final AtomicReference<String> lastBody = new AtomicReference<>();

    StubService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        switch (path) {
            case "/health" ->
                send(
                        ex,
                        200,
                        "application/json",
                        "{\"status\":\"healthy\",\"database_password\":\"hunter2\","
                                + "\"database_url\":\"postgres://sluice:pw@db:5432/sluice\"}");
            case "/metrics" -> {
                int n = scrapes.incrementAndGet();
                send(
                        ex,
                        200,
                        "text/plain; version=0.0.4",
                        "# TYPE sluice_consumer_records_written_total counter\n"
                                + "sluice_consumer_records_written_total{service=\"stub\",topic=\"t\",} " + (n * 50)
                                + ".0\n"
                                + "sluice_batch_flush_seconds_count{service=\"stub\",} " + n + ".0\n"
                                + "sluice_batch_flush_seconds_sum{service=\"stub\",} " + (n * 0.02) + "\n"
                                + "sluice_consumer_freshness_seconds{service=\"stub\",} 1.5\n");
            }
            case "/messages" -> {
                if ("POST".equals(ex.getRequestMethod())) {
                    lastAuthorization.set(ex.getRequestHeaders().getFirst("Authorization"));
                    lastBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    send(ex, 201, "application/json", "{\"created\":true}");
                } else {
                    send(
                            ex,
                            200,
                            "application/json",
                            "{\"messages\":[{\"id\":\"m1\",\"text\":\"hello\"}],\"query\":\"" + query + "\"}");
                }
            }
            case "/messages/missing" ->
                send(ex, 404, "application/json", "{\"error\":\"Message not found\",\"id\":\"missing\"}");
            case "/stats" -> send(ex, 200, "application/json", "{\"count\":1}");
            default -> send(ex, 404, "application/json", "{\"error\":\"Not found\"}");
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
