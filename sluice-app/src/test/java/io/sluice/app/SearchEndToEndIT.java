package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.Settings;
import io.sluice.core.json.Json;
import io.sluice.core.service.ServiceRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole CDC path as {@code sluice up} runs it: SQL on the shop database, the CDC source (real Debezium), Kafka,
 * the search indexer, its API and the CLI. A product inserted in {@code shop} is found within seconds with exact
 * cents; an update changes what finds it; a delete hides it.
 */
class SearchEndToEndIT {
    private static final Duration PIPELINE = Duration.ofSeconds(60);

    @TempDir
    static Path data;

    static Platform platform;
    static String search;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void up() {
        ServiceRegistry registry = ServiceRegistry.load();
        platform = Platform.start(
                registry,
                List.of(registry.service("cdc-source"), registry.service("search-indexer")),
                Settings.of(Map.of(
                        "embedded.kafka.port", "0",
                        "embedded.kafka.controller_port", "0",
                        "database.port", "0",
                        "http.port", "0")),
                data);
        search = "http://localhost:" + platform.port("search-indexer");
    }

    @AfterAll
    static void down() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void a_product_inserted_in_the_shop_is_found_by_the_api_and_the_cli_and_follows_its_updates() throws Exception {
        shop("INSERT INTO products (id, name, description, price, stock_quantity)"
                + " VALUES (911, 'Café crème', 'High-Performance espresso cup', 19.99, 12)");
        await().atMost(PIPELINE).until(() -> ids("café").contains(911L));

        JsonNode p = json(get("/products/911"));
        assertThat(p.path("price_cents").asLong()).isEqualTo(1999);
        assertThat(p.path("price_display").asText()).isEqualTo("$19.99");
        assertThat(p.path("name_lower").asText()).isEqualTo("café crème");
        assertThat(p.path("stock_quantity").asLong()).isEqualTo(12);
        assertThat(p.path("cdc_timestamp").asLong()).isPositive();
        List<String> tokens = new ArrayList<>();
        p.path("search_tokens").forEach(t -> tokens.add(t.asText()));
        assertThat(tokens).containsExactlyInAnyOrder("café", "crème", "high", "performance", "espresso", "cup");
        assertThat(ids("espresso cr")).containsExactly(911L);
        assertThat(ids("espresso&min_price=19.99&max_price=19.99")).containsExactly(911L);
        assertThat(cli("products", "search", "café crème", "--max-price", "50", "--url", search))
                .contains("911", "$19.99", "Café crème");
        assertThat(cli("products", "get", "911", "--url", search)).contains("Price: $19.99 (1999 cents)");

        shop("UPDATE products SET name = 'Tea cup', price = 4.35, stock_quantity = 0 WHERE id = 911");
        await().atMost(PIPELINE).until(() -> ids("tea").contains(911L));
        assertThat(ids("café")).doesNotContain(911L);
        assertThat(json(get("/products/911")).path("price_cents").asLong()).isEqualTo(435);
        assertThat(ids("tea&in_stock=true")).doesNotContain(911L);

        shop("DELETE FROM products WHERE id = 911");
        await().atMost(PIPELINE).until(() -> get("/products/911").statusCode() == 404);
        assertThat(ids("tea")).doesNotContain(911L);
    }

    /** The ids a search finds; {@code q} may carry more parameters after an {@code &}. */
    private static List<Long> ids(String q) throws Exception {
        int amp = q.indexOf('&');
        String words = amp < 0 ? q : q.substring(0, amp);
        String rest = amp < 0 ? "" : q.substring(amp);
        HttpResponse<String> r =
                get("/products/search?limit=100&q=" + URLEncoder.encode(words, StandardCharsets.UTF_8) + rest);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<Long> out = new ArrayList<>();
        json(r).path("results").forEach(n -> out.add(n.path("product_id").asLong()));
        return out;
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = SluiceMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute(args)).as(err.toString()).isZero();
        return out.toString();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(search + path)).build(), HttpResponse.BodyHandlers.ofString());
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
