package io.sluice.cdcsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.health.HealthStatus;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The CDC source against a real PostgreSQL (logical decoding) and a real broker: what arrives, and restarts. */
@ExtendWith({Postgres.class, KafkaBroker.class})
class CdcSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    CdcSourceFixture f;

    @BeforeEach
    void shop() {
        f = new CdcSourceFixture(dir);
    }

    @AfterEach
    void dropSlot() {
        f.dropSlot();
    }

    @Test
    void snapshot_inserts_updates_and_deletes_reach_the_three_topics_with_a_tombstone_after_each_delete()
            throws Exception {
        try (CdcSourceService service = f.start(Map.of("create_schema", "true"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> service.status() == CaptureStatus.RUNNING);
            // the schema exists only now (the service created it), so the seed rows are streamed, not snapshotted
            ShopScenario.seed(f.db);
            ShopScenario.changes(f.db);

            List<String> products = f.values("products", 8);
            assertThat(products).hasSize(8);
            assertThat(products.subList(0, 7)).allSatisfy(v -> assertThat(v).isNotNull());
            assertThat(payloads(products.subList(0, 7)))
                    .extracting(p -> p.get("id").asInt() + ":" + p.get("__op").asText() + ":"
                            + p.get("__deleted").asText())
                    .containsExactly(
                            "1:c:false", "2:c:false", "3:c:false", "4:c:false", "5:c:false", "2:u:false", "3:d:true");
            assertThat(products.get(7)).as("tombstone after the delete").isNull();
            JsonNode first = payloads(products).get(0);
            assertThat(first.get("__source_table").asText()).isEqualTo("products");
            assertThat(first.get("__source_db").asText()).isEqualTo(f.db.name());
            assertThat(first.get("__lsn").asLong()).isPositive();
            assertThat(first.get("price").asText())
                    .as("DECIMAL(10,2) as base64 of the unscaled value")
                    .isEqualTo("AfvP");

            List<String> orders = f.values("orders", 3);
            assertThat(payloads(orders))
                    .extracting(
                            p -> p.get("__op").asText() + ":" + p.get("status").asText())
                    .containsExactly("c:pending", "u:pending", "u:shipped");

            List<String> items = f.values("order_items", 5);
            assertThat(items).hasSize(5);
            assertThat(payloads(items.subList(0, 4)))
                    .extracting(p -> p.get("id").asInt() + ":" + p.get("__op").asText() + ":"
                            + p.get("quantity").asInt())
                    .containsExactly("1:c:1", "2:c:2", "2:u:3", "2:d:3");
            assertThat(items.get(4)).isNull();

            JsonNode health = get("http://localhost:" + service.httpPort() + "/health");
            assertThat(health.get("status").asText()).isEqualTo("healthy");
            assertThat(health.at("/engine/state").asText()).isEqualTo("running");
            assertThat(health.at("/engine/events_published").asLong()).isEqualTo(16);
            assertThat(health.at("/engine/last_event_at").isTextual()).isTrue();
            assertThat(get("http://localhost:" + service.httpPort() + "/ready")
                            .get("ready")
                            .asBoolean())
                    .isTrue();
            assertThat(service.health().status()).isEqualTo(HealthStatus.UP);
        }
    }

    @Test
    void a_restart_resumes_from_the_stored_offsets_and_loses_nothing_written_while_it_was_down() throws Exception {
        try (CdcSourceService service = f.start(Map.of())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> service.status() == CaptureStatus.RUNNING);
            f.db.execute("INSERT INTO products (name, price, stock_quantity) SELECT 'p' || g, 1.5, g"
                    + " FROM generate_series(1, 50) g");
            await().atMost(Duration.ofSeconds(30)).until(() -> service.published() >= 50);
        }
        // written while the source is down: the slot keeps the WAL
        f.db.execute("INSERT INTO products (name, price, stock_quantity) SELECT 'q' || g, 2.5, g"
                + " FROM generate_series(1, 50) g");
        f.db.execute("UPDATE products SET stock_quantity = stock_quantity + 1000 WHERE name = 'p1'");
        f.db.execute("DELETE FROM products WHERE name = 'p2'");
        try (CdcSourceService again = f.start(Map.of())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> again.status() == CaptureStatus.RUNNING);
            f.db.execute("INSERT INTO products (name, price, stock_quantity) VALUES ('after', 3.5, 1)");
            List<String> values = f.values("products", 104);
            List<String> rows = payloads(values).stream()
                    .map(p -> p.get("name").asText() + ":" + p.get("__op").asText())
                    .toList();
            assertThat(rows).contains("p1:c", "p50:c", "q1:c", "q50:c", "p1:u", "p2:d", "after:c");
            assertThat(values.stream().filter(Objects::isNull)).hasSize(1);
            assertThat(rows.stream().filter(r -> r.endsWith(":r")))
                    .as("no second snapshot")
                    .isEmpty();
            // at least once: duplicates are allowed, the 103 distinct changes and the tombstone all arrived
            assertThat(rows.stream().distinct().count()).isEqualTo(103);
        }
    }

    /** As {@code up} starts it: through the registry's provider, free ports, offsets under the data directory. */
    @Test
    void started_by_the_registry_as_up_does_it_creates_the_shop_and_keeps_its_offsets_under_the_data_dir()
            throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(f.settings(Map.of()));
        settings.remove(CdcSourceConfig.PREFIX + ".http.port");
        settings.remove(CdcSourceConfig.PREFIX + ".offsets.file");
        settings.put("http.port", "0"); // what up's tests ask: every service on a free port
        io.sluice.core.service.SluiceService provider =
                io.sluice.core.service.ServiceRegistry.load().service("cdc-source");
        assertThat(provider.requires()).containsExactlyInAnyOrder("kafka", "postgres");
        var context = new io.sluice.core.service.ServiceContext(
                io.sluice.core.config.Settings.of(settings),
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT),
                io.sluice.core.service.ServiceContext.Mode.UP,
                dir.resolve("data"));
        try (io.sluice.core.service.RunningService running = provider.start(context)) {
            assertThat(running.port()).isPositive().isNotEqualTo(CdcSourceConfig.DEFAULT_HTTP_PORT);
            assertThat(running.banner().get(0)).contains("dbserver_").contains("flattened envelope");
            await().atMost(Duration.ofSeconds(60)).until(() -> get("http://localhost:" + running.port() + "/health")
                    .at("/engine/state")
                    .asText()
                    .equals("running"));
            f.db.execute("INSERT INTO orders (customer_id, total_amount, status) VALUES (7, 0, 'pending')");
            assertThat(f.values("orders", 1)).hasSize(1);
        }
        assertThat(dir.resolve("data").resolve("cdc-source").resolve("offsets.dat"))
                .exists();
    }

    @Test
    void the_full_envelope_carries_before_after_and_source() throws Exception {
        try (CdcSourceService service = f.start(Map.of("envelope", "full"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> service.status() == CaptureStatus.RUNNING);
            f.db.execute("INSERT INTO products (id, name, price, stock_quantity) VALUES (7, 'Mug', 4.35, 5)");
            f.db.execute("UPDATE products SET stock_quantity = 4 WHERE id = 7");
            List<JsonNode> events = payloads(f.values("products", 2));
            assertThat(events.get(1).get("op").asText()).isEqualTo("u");
            assertThat(events.get(1).at("/before/stock_quantity").asInt()).isEqualTo(5);
            assertThat(events.get(1).at("/after/stock_quantity").asInt()).isEqualTo(4);
            assertThat(events.get(1).at("/source/table").asText()).isEqualTo("products");
            assertThat(events.get(1).at("/source/lsn").asLong()).isPositive();
        }
    }

    private static List<JsonNode> payloads(List<String> values) {
        return values.stream()
                .filter(Objects::nonNull)
                .map(CdcSourceIT::payload)
                .toList();
    }

    private static JsonNode payload(String value) {
        try {
            return JSON.readTree(value).get("payload");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }
}
