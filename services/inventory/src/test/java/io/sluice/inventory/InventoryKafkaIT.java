package io.sluice.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.core.consumer.PoisonRecordException;
import io.sluice.core.json.Json;
import io.sluice.testkit.DebeziumFixtures;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The service through a real broker and PostgreSQL, fed with Debezium events captured from a real run (both envelopes,
 * every decimal and time encoding; see {@link DebeziumFixtures}). The captured scenario: products 1 (50), 2 (200, then 150),
 * 3 (deleted), 4 (1000), 5 (10); order item 1 takes 1 of product 1; order item 2 takes 2 of product 2 before the
 * stock change, is raised to 3 after it, then deleted. So product 1 has 49 and product 2 150 - 1 + 3 = 152.
 */
@ExtendWith({KafkaBroker.class, Postgres.class})
class InventoryKafkaIT {
    static final List<String> FIXTURES = DebeziumFixtures.NAMES;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void captured_events_in_every_encoding_give_the_stock_the_rules_define(String fixture) {
        try (InventoryFixture inv = InventoryFixture.start(Map.of())) {
            inv.produce(DebeziumFixtures.load(fixture));

            await().atMost(WAIT).until(() -> stock(inv, 2) == 152);
            assertThat(stock(inv, 1)).isEqualTo(49);
            assertThat(stock(inv, 4)).isEqualTo(1000);
            assertThat(stock(inv, 5)).isEqualTo(10);
            assertThat(inv.get("/inventory/3").statusCode()).as("deleted").isEqualTo(404);
            JsonNode laptop = TestHttp.json(inv.get("/inventory/1"));
            assertThat(laptop.get("product_id").isIntegralNumber()).isTrue();
            assertThat(laptop.get("price").asText()).isEqualTo("1299.99");
            assertThat(laptop.get("name").asText()).isEqualTo("Laptop");
            assertThat(laptop.get("cdc_timestamp").asLong()).isPositive();
            assertThat(laptop.get("oversold").asBoolean()).isFalse();
            // the captured prices, exact in this encoding: 1299.99, 29.99 then 24.99, 0.29, 4.35 (19.99 was deleted)
            assertThat(price(inv, 2)).isEqualTo("24.99");
            assertThat(price(inv, 4)).isEqualTo("0.29");
            assertThat(price(inv, 5)).isEqualTo("4.35");
            // the three orders events are no inventory input: dead-lettered, naming the table
            List<ConsumerRecord<byte[], byte[]>> dead =
                    KafkaBroker.consumeAll(DeadLetterPublisher.topicFor(inv.items), WAIT, 3);
            assertThat(dead).hasSize(3);
            assertThat(header(dead.getFirst(), DeadLetterPublisher.HEADER_ERROR_MESSAGE))
                    .contains("unknown table 'orders'");
            assertThat(inv.service.consumerState().recordsSkipped())
                    .as("two tombstones")
                    .isEqualTo(2);
        }
    }

    @Test
    void a_poison_record_goes_to_the_dlq_and_the_records_around_it_are_applied() {
        try (InventoryFixture inv = InventoryFixture.start(Map.of())) {
            List<DebeziumFixtures.Line> lines = DebeziumFixtures.load("flattened");
            int half = lines.size() / 2;
            inv.produce(lines.subList(0, half));
            inv.produce(inv.items, "poison", "{\"not\": \"a change event\"");
            inv.produce(lines.subList(half, lines.size()));

            await().atMost(WAIT).until(() -> stock(inv, 2) == 152);
            assertThat(stock(inv, 1)).isEqualTo(49);
            List<ConsumerRecord<byte[], byte[]>> dead =
                    KafkaBroker.consumeAll(DeadLetterPublisher.topicFor(inv.items), WAIT, 4);
            assertThat(dead).hasSize(4);
            assertThat(dead)
                    .filteredOn(r -> "poison".equals(new String(r.key(), StandardCharsets.UTF_8)))
                    .singleElement()
                    .satisfies(r -> assertThat(header(r, DeadLetterPublisher.HEADER_ERROR_CLASS))
                            .isEqualTo(PoisonRecordException.class.getName()));
        }
    }

    @Test
    void replaying_every_topic_from_offset_zero_with_a_new_group_twice_gives_the_identical_state() {
        String products = KafkaBroker.freshTopic("products", 1);
        String items = KafkaBroker.freshTopic("order_items", 1);
        var db = Postgres.freshDatabase("inventory_replay");
        int records;
        String before;
        try (InventoryFixture inv = InventoryFixture.start(products, items, "first", db, Map.of())) {
            List<DebeziumFixtures.Line> lines = DebeziumFixtures.load("full");
            records = (int)
                    lines.stream().filter(l -> !l.topic().endsWith(".measures")).count();
            inv.produce(lines);
            await().atMost(WAIT).until(() -> consumed(inv) == records);
            before = inv.get("/inventory?limit=1000").body();
        }
        for (String group : List.of("replay-1", "replay-2")) {
            try (InventoryFixture again = InventoryFixture.start(products, items, group, db, Map.of())) {
                await().atMost(WAIT).until(() -> consumed(again) == records);
                assertThat(again.get("/inventory?limit=1000").body()).isEqualTo(before);
            }
        }
        assertThat(before).contains("\"product_id\":2").contains("\"stock_quantity\":152");
    }

    @Test
    void a_low_stock_crossing_is_published_once_to_the_alert_topic() {
        String alerts = KafkaBroker.freshTopic("alerts", 1);
        try (InventoryFixture inv = InventoryFixture.start(
                Map.of("services.inventory.low_stock_threshold", "153", "services.inventory.alerts.topic", alerts))) {
            inv.produce(DebeziumFixtures.load("flattened"));
            await().atMost(WAIT).until(() -> stock(inv, 2) == 152);

            List<ConsumerRecord<byte[], byte[]>> published = KafkaBroker.consumeAll(alerts, Duration.ofSeconds(20), 1);
            assertThat(published).singleElement().satisfies(r -> {
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("2");
                JsonNode body = parse(r.value());
                // 200 -> 150 (the source's change) -> 149 -> 152: below 153 from the change on, one crossing; the
                // stock it names is 150, or 152 when the whole scenario was one write.
                long stock = body.get("stock_quantity").asLong();
                assertThat(stock).isIn(150L, 152L);
                assertThat(body.get("message").asText())
                        .isEqualTo("LOW STOCK ALERT: product_id=2 has only " + stock + " items remaining");
            });
            await().atMost(WAIT).until(() -> inv.db.count("SELECT count(*) FROM inventory_low_stock_outbox") == 0);
        }
    }

    static long stock(InventoryFixture inv, long id) {
        var r = inv.get("/inventory/" + id);
        return r.statusCode() == 200 ? TestHttp.json(r).get("stock_quantity").asLong() : Long.MIN_VALUE;
    }

    static String price(InventoryFixture inv, long id) {
        return TestHttp.json(inv.get("/inventory/" + id)).get("price").asText();
    }

    static long consumed(InventoryFixture inv) {
        var s = inv.service.consumerState();
        return s.recordsWritten() + s.recordsFailed() + s.recordsSkipped();
    }

    static JsonNode parse(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
