package io.sluice.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An HTTP client for tests against a service's API: plain {@link HttpClient} calls with a 30 s timeout, bodies as
 * strings, and {@link #json} that fails the test unless the answer really is JSON. Thread-safe.
 */
public final class TestHttp {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    /** @param baseUrl {@code http://127.0.0.1:<port>}, no trailing slash */
    public TestHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    /** GET with header name/value pairs. */
    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.GET().build());
    }

    /** POST with {@code Content-Type: application/json}. */
    public HttpResponse<String> postJson(String path, String body) {
        return post(path, "application/json", body);
    }

    /** POST with the given Content-Type (none when null); a null body sends no body at all. */
    public HttpResponse<String> post(String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body as JSON, after checking it was sent as JSON. */
    public static JsonNode json(HttpResponse<String> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/json")) {
            throw new AssertionError("Content-Type of " + r.statusCode() + " " + r.body() + " is " + type);
        }
        try {
            return MAPPER.readTree(r.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** A value as a JSON tree, to compare whole bodies: {@code assertThat(json(r)).isEqualTo(tree(Map.of(...)))}. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
