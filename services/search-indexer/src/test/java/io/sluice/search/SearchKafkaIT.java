package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.core.consumer.PoisonRecordException;
import io.sluice.testkit.DebeziumFixtures;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The indexer through a real broker and PostgreSQL, fed with Debezium events captured from a real run (both envelopes,
 * every decimal and time encoding; see {@link DebeziumFixtures}). The captured products: 1 Laptop (1299.99, 50), 2 Wireless
 * Mouse (29.99, 200; then 24.99, 150), 3 USB Cable (19.99; deleted), 4 Sticker (0.29, no description), 5 Pen (4.35),
 * and the delete's tombstone.
 */
@ExtendWith({KafkaBroker.class, Postgres.class})
class SearchKafkaIT {
    static final List<String> FIXTURES = DebeziumFixtures.NAMES;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The captured products topic: seven changes and a tombstone. */
    private static final int PRODUCT_RECORDS = 8;

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void captured_events_in_every_encoding_index_every_attribute_with_exact_cents(String fixture) {
        try (SearchFixture s = SearchFixture.start(Map.of())) {
            List<DebeziumFixtures.Line> lines = DebeziumFixtures.load(fixture);
            s.produce(lines);
            await().atMost(WAIT).until(() -> s.consumed() == PRODUCT_RECORDS);

            JsonNode mouse = TestHttp.json(s.get("/products/2"));
            assertThat(mouse.get("product_id").asLong()).isEqualTo(2);
            assertThat(mouse.get("name").asText()).isEqualTo("Wireless Mouse");
            assertThat(mouse.get("name_lower").asText()).isEqualTo("wireless mouse");
            assertThat(mouse.get("description").asText()).isEqualTo("High-Performance Wireless Mouse");
            assertThat(mouse.get("price").decimalValue()).isEqualByComparingTo("24.99");
            assertThat(mouse.get("price_cents").asLong()).isEqualTo(2499);
            assertThat(mouse.get("price_display").asText()).isEqualTo("$24.99");
            assertThat(mouse.get("stock_quantity").asLong()).isEqualTo(150);
            assertThat(texts(mouse.get("search_tokens")))
                    .containsExactlyInAnyOrder("wireless", "mouse", "high", "performance");
            assertThat(mouse.get("indexed_at").asText())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?");
            assertThat(mouse.get("cdc_timestamp").asLong()).isEqualTo(updatedAtMicros(lines, 5));
            assertThat(cents(s, 1)).isEqualTo(129999);
            assertThat(cents(s, 4)).isEqualTo(29);
            assertThat(cents(s, 5)).isEqualTo(435);
            assertThat(TestHttp.json(s.get("/products/4")).get("description").isNull())
                    .isTrue();
            assertThat(s.get("/products/3").statusCode()).as("deleted").isEqualTo(404);
            assertThat(ids(s, "high performance")).containsExactly(1L, 2L);
            assertThat(ids(s, "27 inch 4k monitor"))
                    .as("only the deleted cable had these")
                    .isEmpty();
            assertThat(ids(s, "wire")).containsExactly(2L);
            assertThat(ids(s, "pen")).containsExactly(5L);
            assertThat(s.service.consumerState().recordsSkipped())
                    .as("the tombstone")
                    .isEqualTo(1);
            assertThat(s.service.consumerState().recordsFailed()).isZero();
        }
    }

    @Test
    void the_newest_version_wins_when_an_update_arrives_before_the_snapshot_read() {
        try (SearchFixture s = SearchFixture.start(Map.of())) {
            List<DebeziumFixtures.Line> products = products("flattened");
            List<DebeziumFixtures.Line> reordered = new ArrayList<>();
            reordered.add(products.get(5));
            reordered.addAll(products.subList(0, 5));
            s.produce(reordered);
            await().atMost(WAIT).until(() -> s.consumed() == 6);

            JsonNode mouse = TestHttp.json(s.get("/products/2"));
            assertThat(mouse.get("stock_quantity").asLong()).isEqualTo(150);
            assertThat(mouse.get("price_cents").asLong()).isEqualTo(2499);
            assertThat(s.get("/metrics").body())
                    .contains("sluice_search_versions_stale_total{service=\"search-indexer\"} 1.0");
        }
    }

    @Test
    void a_delete_then_a_late_update_stays_deleted_and_a_newer_insert_brings_it_back() {
        try (SearchFixture s = SearchFixture.start(Map.of())) {
            List<DebeziumFixtures.Line> products = products("flattened");
            s.produce(List.of(products.get(6), products.get(2)));
            await().atMost(WAIT).until(() -> s.consumed() == 2);

            assertThat(s.get("/products/3").statusCode()).isEqualTo(404);
            assertThat(ids(s, "cable")).isEmpty();

            s.produce("{\"id\":3}", SearchFixture.event(3, 999_000_000L, "USB Cable", "again", "19.99", 7));
            await().atMost(WAIT).until(() -> s.get("/products/3").statusCode() == 200);
            assertThat(ids(s, "cable")).containsExactly(3L);
            assertThat(cents(s, 3)).isEqualTo(1999);
        }
    }

    @Test
    void replaying_the_topic_from_offset_zero_with_a_new_group_gives_the_same_index() {
        String topic = KafkaBroker.freshTopic("products", 1);
        var db = Postgres.freshDatabase("search_replay");
        String query = "/products/search?q=high+performance+laptop+wireless+mouse+sticker+pen+blue&limit=100";
        List<String> before = new ArrayList<>();
        try (SearchFixture s = SearchFixture.start(topic, "first", db, Map.of())) {
            s.produce(DebeziumFixtures.load("full"));
            await().atMost(WAIT).until(() -> s.consumed() == PRODUCT_RECORDS);
            before.add(s.get(query).body());
            for (int id = 1; id <= 5; id++) {
                before.add(s.get("/products/" + id).body());
            }
        }
        try (SearchFixture again = SearchFixture.start(topic, "replay", db, Map.of())) {
            await().atMost(WAIT).until(() -> again.consumed() == PRODUCT_RECORDS);
            List<String> after = new ArrayList<>();
            after.add(again.get(query).body());
            for (int id = 1; id <= 5; id++) {
                after.add(again.get("/products/" + id).body());
            }
            assertThat(after).isEqualTo(before);
            assertThat(again.get("/metrics").body())
                    .contains("sluice_search_versions_stale_total{service=\"search-indexer\"} 7.0");
        }
        assertThat(before.getFirst()).contains("\"product_id\":1").contains("\"product_id\":5");
    }

    @Test
    void a_poison_record_and_another_tables_event_go_to_the_dlq_and_the_records_around_them_are_indexed() {
        try (SearchFixture s = SearchFixture.start(Map.of())) {
            List<DebeziumFixtures.Line> lines = DebeziumFixtures.load("flattened");
            List<DebeziumFixtures.Line> products = products("flattened");
            DebeziumFixtures.Line order = lines.stream()
                    .filter(l -> l.topic().endsWith(".orders"))
                    .findFirst()
                    .orElseThrow();
            s.produce(products.subList(0, 3));
            s.produce("poison", "{\"not\": \"a change event\"");
            s.produce("order", order.value());
            s.produce(products.subList(3, products.size()));

            await().atMost(WAIT).until(() -> s.consumed() == PRODUCT_RECORDS + 2);
            assertThat(ids(s, "high performance")).containsExactly(1L, 2L);
            assertThat(cents(s, 5)).isEqualTo(435);
            List<ConsumerRecord<byte[], byte[]>> dead =
                    KafkaBroker.consumeAll(DeadLetterPublisher.topicFor(s.topic), WAIT, 2);
            assertThat(dead).hasSize(2);
            assertThat(dead.getFirst()).satisfies(r -> {
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("poison");
                assertThat(header(r, DeadLetterPublisher.HEADER_ERROR_CLASS))
                        .isEqualTo(PoisonRecordException.class.getName());
            });
            assertThat(header(dead.get(1), DeadLetterPublisher.HEADER_ERROR_MESSAGE))
                    .contains("unknown table 'orders'");
        }
    }

    static List<DebeziumFixtures.Line> products(String fixture) {
        return DebeziumFixtures.load(fixture).stream()
                .filter(l -> l.topic().endsWith(".products"))
                .toList();
    }

    static List<Long> ids(SearchFixture s, String q) {
        JsonNode body = TestHttp.json(s.get("/products/search?limit=100&q=" + q.replace(' ', '+')));
        return StreamSupport.stream(body.get("results").spliterator(), false)
                .map(n -> n.get("product_id").asLong())
                .toList();
    }

    private static long cents(SearchFixture s, long id) {
        return TestHttp.json(s.get("/products/" + id)).get("price_cents").asLong();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    /** The {@code updated_at} of the {@code n}th products line in micros (connect mode captured millis). */
    private static long updatedAtMicros(List<DebeziumFixtures.Line> lines, int n) {
        String value = lines.stream()
                .filter(l -> l.topic().endsWith(".products"))
                .toList()
                .get(n)
                .value();
        int at = value.lastIndexOf("\"updated_at\":") + "\"updated_at\":".length();
        int end = at;
        while (Character.isDigit(value.charAt(end))) {
            end++;
        }
        long v = Long.parseLong(value.substring(at, end));
        return v > 100_000_000_000_000L ? v : v * 1000;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
