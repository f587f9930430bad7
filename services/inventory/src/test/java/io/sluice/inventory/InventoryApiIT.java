package io.sluice.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.testkit.DebeziumFixtures;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST API over the captured scenario (see {@link InventoryKafkaIT}): bodies, and every caller mistake. */
@ExtendWith({KafkaBroker.class, Postgres.class})
class InventoryApiIT {
    private static InventoryFixture inv;

    @BeforeAll
    static void start() {
        inv = InventoryFixture.start(Map.of(
                "services.inventory.pending.max_wait", "1s", "services.inventory.pending.sweep_interval_ms", "200"));
        inv.produce(DebeziumFixtures.load("flattened"));
        await().atMost(Duration.ofSeconds(60)).until(() -> InventoryKafkaIT.stock(inv, 2) == 152);
    }

    @AfterAll
    static void stop() {
        inv.close();
    }

    @Test
    void a_product_has_the_seed_attribute_names_and_a_two_decimal_price() {
        HttpResponse<String> r = inv.get("/inventory/1");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode p = TestHttp.json(r);
        assertThat(fields(p))
                .containsExactly(
                        "product_id",
                        "name",
                        "description",
                        "price",
                        "stock_quantity",
                        "last_updated",
                        "cdc_timestamp",
                        "oversold");
        assertThat(p.get("product_id").isIntegralNumber()).isTrue();
        assertThat(p.get("price").isTextual()).isTrue();
        assertThat(p.get("price").asText()).isEqualTo("1299.99");
        assertThat(p.get("stock_quantity").asLong()).isEqualTo(49);
        assertThat(p.get("last_updated").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?");
        assertThat(p.get("cdc_timestamp").asLong())
                .as("source ts_ms of the snapshot read")
                .isPositive();
        assertThat(p.get("oversold").asBoolean()).isFalse();
    }

    @Test
    void an_unknown_or_deleted_product_is_404_with_the_seed_text() {
        for (String id : List.of("999", "3")) {
            HttpResponse<String> r = inv.get("/inventory/" + id);
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo("{\"error\":\"Product not found\"}");
        }
    }

    @Test
    void an_id_that_is_not_an_integer_is_400_naming_the_field() {
        HttpResponse<String> r = inv.get("/inventory/abc");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body())
                .isEqualTo("{\"error\":\"product_id must be an integer\",\"field\":\"product_id\",\"value\":\"abc\"}");
        assertThat(inv.get("/inventory/1.5").statusCode()).isEqualTo(400);
        assertThat(inv.get("/inventory/99999999999999999999").statusCode()).isEqualTo(400);
    }

    @Test
    void low_stock_lists_the_products_below_the_threshold_lowest_first() {
        JsonNode body = TestHttp.json(inv.get("/inventory/low-stock?threshold=60"));

        assertThat(body.get("threshold").asLong()).isEqualTo(60);
        assertThat(ids(body)).containsExactly(5L, 1L);
        assertThat(ids(TestHttp.json(inv.get("/inventory/low-stock"))))
                .as("default 10: 10 is not below")
                .isEmpty();
        assertThat(ids(TestHttp.json(inv.get("/inventory/low-stock?threshold=60&limit=1"))))
                .containsExactly(5L);
    }

    @Test
    void a_bad_threshold_or_limit_is_400_naming_the_field() {
        HttpResponse<String> r = inv.get("/inventory/low-stock?threshold=ten");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(r).get("field").asText()).isEqualTo("threshold");
        assertThat(TestHttp.json(r).get("error").asText())
                .isEqualTo("threshold must be an integer between -1000000000 and 1000000000");
        assertThat(TestHttp.json(inv.get("/inventory/low-stock?limit=0"))
                        .get("field")
                        .asText())
                .isEqualTo("limit");
    }

    @Test
    void the_list_pages_with_a_cursor_and_rejects_bad_values() {
        JsonNode first = TestHttp.json(inv.get("/inventory?limit=2"));
        assertThat(ids(first)).containsExactly(1L, 2L);
        assertThat(first.get("next_cursor").asText()).isEqualTo("2");
        JsonNode second = TestHttp.json(inv.get("/inventory?limit=2&cursor=2"));
        assertThat(ids(second)).containsExactly(4L, 5L);
        assertThat(second.get("next_cursor").isNull()).isTrue();

        for (String bad : List.of("limit=0", "limit=1001", "limit=x", "cursor=abc")) {
            HttpResponse<String> r = inv.get("/inventory?" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(TestHttp.json(r).get("field").asText()).isEqualTo(bad.substring(0, bad.indexOf('=')));
        }
    }

    @Test
    void health_and_metrics_answer() {
        assertThat(inv.get("/health").statusCode()).isEqualTo(200);
        assertThat(inv.get("/ready").statusCode()).isEqualTo(200);
        assertThat(inv.get("/live").statusCode()).isEqualTo(200);
        assertThat(inv.get("/metrics").body()).contains("sluice_inventory_changes_applied_total");
    }

    @Test
    void an_item_whose_product_never_appears_goes_to_the_dlq_with_the_reason_and_never_counts() {
        String orphan = DebeziumFixtures.load("flattened").stream()
                .filter(l -> l.topic().endsWith("order_items") && l.value() != null)
                .findFirst()
                .orElseThrow()
                .value()
                .replace("\"id\":1,\"order_id\":1,\"product_id\":1,", "\"id\":70,\"order_id\":1,\"product_id\":77,")
                .replace("\"__lsn\":42704760", "\"__lsn\":52704760");
        inv.produce(inv.items, "{\"id\":70}", orphan);

        List<ConsumerRecord<byte[], byte[]>> dead =
                KafkaBroker.consumeAll(DeadLetterPublisher.topicFor(inv.items), Duration.ofSeconds(30), 4);
        assertThat(dead)
                .extracting(r -> InventoryKafkaIT.header(r, DeadLetterPublisher.HEADER_ERROR_MESSAGE))
                .contains("product 77 not found after 1s (order item 70)");
        await().atMost(Duration.ofSeconds(10)).until(() -> inv.db.count("SELECT count(*) FROM inventory_pending") == 0);
        assertThat(inv.db.count("SELECT count(*) FROM inventory_ledger WHERE product_id = 77"))
                .isZero();
    }

    private static List<Long> ids(JsonNode body) {
        return StreamSupport.stream(body.get("items").spliterator(), false)
                .map(n -> n.get("product_id").asLong())
                .toList();
    }

    private static List<String> fields(JsonNode node) {
        return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false)
                .toList();
    }
}
