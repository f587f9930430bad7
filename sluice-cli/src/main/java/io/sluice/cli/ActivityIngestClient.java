package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * Blocking client of the activity ingestion API ({@code POST /events}, {@code POST /events/batch}). Thread-safe.
 */
final class ActivityIngestClient implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final JsonHttpClient http;

    ActivityIngestClient(String baseUrl) {
        this.http = new JsonHttpClient(baseUrl, REQUEST_TIMEOUT);
    }

    /** One event: the 202 body ({@code event_id}, {@code request_id}, {@code status}), else a {@link CliException}. */
    JsonNode send(ObjectNode event) {
        return http.expectSuccess("POST", "/events", event);
    }

    /**
     * A batch: the answer as it is (202 or 207 with {@code results}, 503 with {@code Retry-After}); a {@link
     * CliException} for any other status.
     */
    JsonHttpClient.Response sendBatch(ArrayNode events) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("events", events);
        JsonHttpClient.Response response = http.send("POST", "/events/batch", body);
        boolean known = response.status() == 202 || response.status() == 207 || response.status() == 503;
        if (!known || response.json() == null) {
            throw JsonHttpClient.failure("POST", "/events/batch", response);
        }
        return response;
    }

    @Override
    public void close() {
        http.close();
    }
}
