package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Blocking client of the Text Writer HTTP API. Thread safe: one instance may serve many threads. Every method
 * returns the parsed JSON body or throws a {@link CliException} whose message names the request and the server's
 * {@code error} text; {@link ServiceUnreachableException} when no connection could be made.
 */
final class TextWriterClient implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final JsonHttpClient http;

    TextWriterClient(String baseUrl) {
        this.http = new JsonHttpClient(baseUrl, REQUEST_TIMEOUT);
    }

    /** The health body, whatever the status code (a 503 still describes the service), if it has a {@code status}. */
    JsonNode health() {
        return http.health();
    }

    JsonNode messages(int limit, int offset) {
        return http.expectSuccess("GET", "/messages?limit=" + limit + "&offset=" + offset, null);
    }

    JsonNode message(String id) {
        return http.expectSuccess("GET", "/messages/" + encodePathSegment(id), null);
    }

    /** Creates a message; the body's {@code status} is {@code created} or {@code exists}. */
    JsonNode create(String text, String id) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("message", text);
        if (id != null) {
            body.put("id", id);
        }
        return http.expectSuccess("POST", "/messages", body);
    }

    JsonNode stats() {
        return http.expectSuccess("GET", "/stats", null);
    }

    @Override
    public void close() {
        http.close();
    }

    static String encodePathSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
