package io.sluice.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Reads a service's {@code /health} and {@code /metrics} over HTTP. A service that does not answer in time, or
 * answers with something else than its health, is {@code unreachable}: never an exception. Thread-safe.
 */
final class ServiceProbe {
    /** What the service said: its health word, its health body (or null), its metrics (or null). */
    record Probe(String health, JsonNode healthBody, PrometheusText metrics) {
        static final Probe UNREACHABLE = new Probe("unreachable", null, null);
    }

    private final HttpClient client;
    private final Duration timeout;

    ServiceProbe(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    Probe probe(String baseUrl) {
        JsonNode body;
        String health;
        try {
            HttpResponse<String> h = get(baseUrl, "/health", "application/json");
            body = Json.mapper().readTree(h.body());
            String status = body.path("status").asText("");
            health = switch (status) {
                case "healthy", "up", "UP" -> "up";
                case "degraded", "DEGRADED" -> "degraded";
                case "unhealthy", "down", "DOWN" -> "down";
                default -> h.statusCode() == 503 ? "down" : h.statusCode() == 200 ? "up" : "unreachable";
            };
        } catch (IOException | RuntimeException e) {
            return Probe.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Probe.UNREACHABLE;
        }
        PrometheusText metrics = null;
        try {
            HttpResponse<String> m = get(baseUrl, "/metrics", "text/plain");
            if (m.statusCode() == 200) {
                metrics = PrometheusText.parse(m.body());
            }
        } catch (IOException | RuntimeException e) {
            // health answered: show it without the charts' numbers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Probe(health, body, metrics);
    }

    private HttpResponse<String> get(String baseUrl, String path, String accept)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stripSlash(baseUrl) + path))
                .timeout(timeout)
                .header("Accept", accept)
                .GET()
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Values of a health body whose key names a password, secret, token or key are rendered as {@code "***"}. */
    static Object masked(JsonNode body) {
        return body == null ? Map.of() : Secrets.mask(body);
    }
}
