package io.sluice.bench.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.bench.Percentiles;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Search latency as a user of the API sees it: generated queries ({@link ProductCatalog#query}) sent one at a time
 * to {@code GET /products/search} (limit 20) on one keep-alive connection, each timed from send to the whole body
 * read. Warm-up queries first, not counted. Not thread-safe.
 */
final class SearchLatency {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 20;

    /**
     * @param micros latency of the measured queries, microseconds
     * @param meanHits results per query on average
     * @param errors answers other than 200
     */
    record Result(Percentiles micros, double meanHits, long errors) {}

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final String base;
    private final ProductCatalog queries;

    SearchLatency(int port, ProductCatalog queries) {
        this.base = "http://127.0.0.1:" + port + "/products/search?limit=" + LIMIT + "&q=";
        this.queries = queries;
    }

    Result run(int warmup, int measured) throws InterruptedException {
        for (int i = 0; i < warmup; i++) {
            send(queries.query());
        }
        long[] micros = new long[measured];
        long hits = 0;
        long errors = 0;
        for (int i = 0; i < measured; i++) {
            ProductCatalog.Query q = queries.query();
            long start = System.nanoTime();
            HttpResponse<byte[]> response = send(q);
            micros[i] = (System.nanoTime() - start) / 1000;
            if (response.statusCode() != 200) {
                errors++;
                continue;
            }
            try {
                JsonNode body = JSON.readTree(response.body());
                hits += body.path("results").size();
            } catch (IOException e) {
                errors++;
            }
        }
        return new Result(Percentiles.of(micros), measured == 0 ? 0 : (double) hits / measured, errors);
    }

    private HttpResponse<byte[]> send(ProductCatalog.Query q) throws InterruptedException {
        StringBuilder uri = new StringBuilder(base).append(URLEncoder.encode(q.q(), StandardCharsets.UTF_8));
        if (q.maxPrice() != null) {
            uri.append("&max_price=").append(q.maxPrice());
        }
        if (q.inStock()) {
            uri.append("&in_stock=true");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + " failed: " + e.getMessage(), e);
        }
    }
}
