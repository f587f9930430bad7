package io.sluice.bench.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The inventory service as its users see it, through its REST API: {@code GET /inventory?limit=&cursor=} (every
 * product's stock, page by page) and {@code GET /inventory/{id}}. What the benchmark and the fault run check the
 * store through, whichever store the service uses. Thread-safe.
 */
final class InventoryApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1000;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    InventoryApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** Stock by product id of every product the service shows (deleted ones are hidden). */
    Map<Long, Long> stock() {
        Map<Long, Long> stock = new HashMap<>();
        String cursor = null;
        do {
            String path = "/inventory?limit=" + PAGE
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = get(path).orElseThrow(() -> new IllegalStateException("GET " + path + " answered 404"));
            JsonNode items = page.isArray() ? page : page.path("items");
            for (JsonNode item : items) {
                stock.put(
                        item.path("product_id").asLong(),
                        item.path("stock_quantity").asLong());
            }
            cursor = text(page, "next_cursor", "nextCursor", "cursor");
            if (items.isEmpty()) {
                cursor = null;
            }
        } while (cursor != null);
        return stock;
    }

    /** The product's stock, or empty when the service answers 404. */
    OptionalLong stock(long productId) {
        return get("/inventory/" + productId)
                .map(n -> OptionalLong.of(n.path("stock_quantity").asLong()))
                .orElse(OptionalLong.empty());
    }

    private java.util.Optional<JsonNode> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                return java.util.Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return java.util.Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + base + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + path, e);
        }
    }

    private static String text(JsonNode page, String... names) {
        for (String name : names) {
            JsonNode n = page.path(name);
            if (n.isTextual() && !n.asText().isEmpty()) {
                return n.asText();
            }
        }
        return null;
    }
}
