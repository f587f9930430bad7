package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.Settings;
import io.sluice.core.json.Json;
import io.sluice.core.service.ServiceRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics as {@code sluice up} runs it: SQL on the shop database (orders created with 0 and given their amount
 * afterwards, status changes, item updates, deletes), the CDC source (real Debezium: base64 decimals), Kafka, the
 * analytics on Kafka Streams. Its live summary, and the summary report a flush writes to the embedded S3 server
 * ({@code <data>/s3/sluice-data-lake/analytics/summary/...}), equal the same figures computed by SQL over {@code shop}.
 */
class AnalyticsEndToEndIT {
    private static final Duration PIPELINE = Duration.ofSeconds(60);

    @TempDir
    static Path data;

    static Platform platform;
    static String analytics;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void up() {
        ServiceRegistry registry = ServiceRegistry.load();
        platform = Platform.start(
                registry,
                List.of(registry.service("cdc-source"), registry.service("analytics")),
                Settings.of(Map.of(
                        "embedded.kafka.port", "0",
                        "embedded.kafka.controller_port", "0",
                        "database.port", "0",
                        "http.port", "0")),
                data);
        analytics = "http://localhost:" + platform.port("analytics");
    }

    @AfterAll
    static void down() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void the_live_summary_and_the_flushed_report_equal_sql_over_the_shop() throws Exception {
        shop("INSERT INTO products (id, name, description, price, stock_quantity) VALUES"
                + " (951, 'Laptop', 'x', 1299.99, 50), (952, 'Mouse', 'y', 29.99, 500)");
        shop("INSERT INTO orders (id, customer_id, total_amount, status) VALUES (951, 7, 0, 'pending'),"
                + " (952, 8, 0, 'pending'), (953, 7, 0, 'pending')");
        shop("INSERT INTO order_items (id, order_id, product_id, quantity, price) VALUES (951, 951, 951, 1, 1299.99),"
                + " (952, 951, 952, 2, 29.99), (953, 952, 952, 1, 29.99), (954, 953, 951, 1, 1299.99)");
        shop("UPDATE orders SET total_amount = 1359.97 WHERE id = 951");
        shop("UPDATE orders SET total_amount = 29.99, status = 'shipped' WHERE id = 952");
        shop("UPDATE order_items SET quantity = 3 WHERE id = 953");
        shop("UPDATE orders SET total_amount = 89.97 WHERE id = 952");
        shop("DELETE FROM order_items WHERE id = 954");
        shop("DELETE FROM orders WHERE id = 953");

        await().atMost(PIPELINE)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() ->
                        assertThat(metrics(json(get("/analytics/summary")))).isEqualTo(sqlSummary()));

        HttpResponse<String> flushed = http.send(
                HttpRequest.newBuilder(URI.create(analytics + "/analytics/flush"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(flushed.statusCode()).isEqualTo(200);
        JsonNode written = json(flushed).get("written");
        String summaryKey = written.get(written.size() - 1).asText();
        Path file = data.resolve("s3").resolve("sluice-data-lake").resolve(summaryKey);
        assertThat(file).exists();
        JsonNode report = Json.mapper().readTree(Files.readAllBytes(file));
        assertThat(report.get("report_type").asText()).isEqualTo("summary");
        assertThat(metrics(report)).isEqualTo(sqlSummary());
    }

    /** The summary's figures, money compared exactly. */
    private static Map<String, Object> metrics(JsonNode body) {
        JsonNode m = body.get("metrics");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_orders", m.get("total_orders").asLong());
        out.put("total_revenue", new BigDecimal(m.get("total_revenue").asText()).setScale(2));
        out.put("unique_customers", m.get("unique_customers").asLong());
        out.put("unique_products_sold", m.get("unique_products_sold").asLong());
        Map<String, Long> status = new TreeMap<>();
        m.get("order_status_breakdown")
                .properties()
                .forEach(e -> status.put(e.getKey(), e.getValue().asLong()));
        out.put("order_status_breakdown", status);
        return out;
    }

    private static Map<String, Object> sqlSummary() throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            try (ResultSet r = st.executeQuery(
                    "SELECT count(*), coalesce(sum(total_amount), 0), count(DISTINCT customer_id) FROM orders")) {
                r.next();
                out.put("total_orders", r.getLong(1));
                out.put("total_revenue", r.getBigDecimal(2).setScale(2));
                out.put("unique_customers", r.getLong(3));
            }
            try (ResultSet r = st.executeQuery("SELECT count(DISTINCT product_id) FROM order_items")) {
                r.next();
                out.put("unique_products_sold", r.getLong(1));
            }
            Map<String, Long> status = new TreeMap<>();
            try (ResultSet r = st.executeQuery("SELECT status, count(*) FROM orders GROUP BY status")) {
                while (r.next()) {
                    status.put(r.getString(1), r.getLong(2));
                }
            }
            out.put("order_status_breakdown", status);
        }
        return out;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(analytics + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    private static Connection connect() throws SQLException {
        Settings s = platform.settings();
        return DriverManager.getConnection(
                "jdbc:postgresql://" + s.required("database.host") + ":" + s.required("database.port") + "/shop",
                "postgres",
                "postgres");
    }

    private static void shop(String sql) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
