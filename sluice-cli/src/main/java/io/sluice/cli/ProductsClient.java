package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Blocking client of the search indexer's HTTP API. Every method returns the parsed JSON body or throws a
 * {@link CliException} naming the request and the server's {@code error}; {@link ServiceUnreachableException} when
 * no connection could be made. Thread-safe.
 */
final class ProductsClient implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final JsonHttpClient http;

    ProductsClient(String baseUrl) {
        this.http = new JsonHttpClient(baseUrl, REQUEST_TIMEOUT);
    }

    JsonNode product(long id) {
        return http.expectSuccess("GET", "/products/" + id, null);
    }

    /** One page of results; null arguments are left out (the service's defaults). */
    JsonNode search(String q, String minPrice, String maxPrice, boolean inStock, Integer limit, String cursor) {
        StringBuilder query = new StringBuilder("/products/search?q=").append(encode(q));
        append(query, "min_price", minPrice);
        append(query, "max_price", maxPrice);
        append(query, "in_stock", inStock ? "true" : null);
        append(query, "limit", limit == null ? null : limit.toString());
        append(query, "cursor", cursor);
        return http.expectSuccess("GET", query.toString(), null);
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append('&').append(name).append('=').append(encode(value));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }
}
