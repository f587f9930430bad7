package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Blocking client of the embeddings service's HTTP API. Every method returns the parsed JSON body or throws a
 * {@link CliException} naming the request and the server's {@code error}; {@link ServiceUnreachableException} when
 * no connection could be made. Thread-safe.
 */
final class EmbeddingsClient implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final JsonHttpClient http;

    EmbeddingsClient(String baseUrl) {
        this.http = new JsonHttpClient(baseUrl, REQUEST_TIMEOUT);
    }

    /** The {@code /health} body, also when it is a 503 ({@code unhealthy}). */
    JsonNode health() {
        return http.health();
    }

    JsonNode start() {
        return http.expectSuccess("POST", "/start", null);
    }

    JsonNode stop() {
        return http.expectSuccess("POST", "/stop", null);
    }

    /** {@code POST /process-batch}: embeds one batch of the backlog now. */
    JsonNode processBatch() {
        return http.expectSuccess("POST", "/process-batch", null);
    }

    JsonNode status() {
        return http.expectSuccess("GET", "/status", null);
    }

    JsonNode search(String query, int limit) {
        return http.expectSuccess(
                "POST",
                "/embeddings/search",
                Json.MAPPER.createObjectNode().put("query", query).put("limit", limit));
    }

    JsonNode reindex(boolean reembed) {
        return http.expectSuccess(
                "POST", "/reindex", Json.MAPPER.createObjectNode().put("reembed", reembed));
    }

    @Override
    public void close() {
        http.close();
    }
}
