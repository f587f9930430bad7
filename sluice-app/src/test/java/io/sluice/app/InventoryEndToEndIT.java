package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.Settings;
import io.sluice.core.json.Json;
import io.sluice.core.service.ServiceRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole CDC path as {@code sluice up} runs it: SQL on the shop database, the CDC source (real Debezium), Kafka,
 * the inventory service, its API. The shop's writes follow the stock rules of ADR 0011: an order item takes stock,
 * its update applies the delta, its delete gives back, a price change keeps the stock, a stock change resets it.
 */
class InventoryEndToEndIT {
    private static final Duration PIPELINE = Duration.ofSeconds(60);

    @TempDir
    static Path data;

    static Platform platform;
    static String inventory;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void up() {
        ServiceRegistry registry = ServiceRegistry.load();
        platform = Platform.start(
                registry,
                List.of(registry.service("cdc-source"), registry.service("inventory")),
                Settings.of(Map.of(
                        "embedded.kafka.port", "0",
                        "embedded.kafka.controller_port", "0",
                        "database.port", "0",
                        "http.port", "0")),
                data);
        inventory = "http://localhost:" + platform.port("inventory");
    }

    @AfterAll
    static void down() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void shop_writes_reach_the_inventory_api_with_the_stock_rules_applied() throws Exception {
        shop("INSERT INTO products (id, name, description, price, stock_quantity)"
                + " VALUES (901, 'Laptop', 'High-Performance Laptop', 1299.99, 50)");
        shop("INSERT INTO orders (id, customer_id, total_amount, status) VALUES (901, 1, 0, 'pending')");
        shop("INSERT INTO order_items (id, order_id, product_id, quantity, price) VALUES (901, 901, 901, 2, 1299.99)");
        await().atMost(PIPELINE).until(() -> stock(901) == 48);

        shop("UPDATE order_items SET quantity = 5 WHERE id = 901");
        await().atMost(PIPELINE).until(() -> stock(901) == 45);
        shop("UPDATE products SET price = 1199.99 WHERE id = 901");
        await().atMost(PIPELINE)
                .until(() -> "1199.99".equals(product(901).path("price").asText()));
        assertThat(stock(901)).as("a price change keeps the stock").isEqualTo(45);

        shop("DELETE FROM order_items WHERE id = 901");
        await().atMost(PIPELINE).until(() -> stock(901) == 50);
        shop("UPDATE products SET stock_quantity = 7 WHERE id = 901");
        await().atMost(PIPELINE).until(() -> stock(901) == 7);

        JsonNode p = product(901);
        assertThat(p.path("product_id").asLong()).isEqualTo(901);
        assertThat(p.path("name").asText()).isEqualTo("Laptop");
        assertThat(get("/inventory/low-stock").body()).contains("\"product_id\":901");
        shop("DELETE FROM products WHERE id = 901");
        await().atMost(PIPELINE).until(() -> get("/inventory/901").statusCode() == 404);
    }

    private static long stock(long id) throws Exception {
        HttpResponse<String> r = get("/inventory/" + id);
        return r.statusCode() == 200 ? json(r).path("stock_quantity").asLong() : Long.MIN_VALUE;
    }

    private static JsonNode product(long id) throws Exception {
        return json(get("/inventory/" + id));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(inventory + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    private static void shop(String sql) throws SQLException {
        Settings s = platform.settings();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://" + s.required("database.host") + ":" + s.required("database.port")
                                + "/shop",
                        "postgres",
                        "postgres");
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
