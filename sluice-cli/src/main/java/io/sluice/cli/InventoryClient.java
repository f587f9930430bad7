package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Blocking client of the inventory service's HTTP API. Every method returns the parsed JSON body or throws a
 * {@link CliException} naming the request and the server's {@code error}; {@link ServiceUnreachableException} when
 * no connection could be made. Thread-safe.
 */
final class InventoryClient implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final JsonHttpClient http;

    InventoryClient(String baseUrl) {
        this.http = new JsonHttpClient(baseUrl, REQUEST_TIMEOUT);
    }

    JsonNode product(long id) {
        return http.expectSuccess("GET", "/inventory/" + id, null);
    }

    JsonNode lowStock(Long threshold, int limit) {
        String query = "?limit=" + limit + (threshold == null ? "" : "&threshold=" + threshold);
        return http.expectSuccess("GET", "/inventory/low-stock" + query, null);
    }

    @Override
    public void close() {
        http.close();
    }
}
