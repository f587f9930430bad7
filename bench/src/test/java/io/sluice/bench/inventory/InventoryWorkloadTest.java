package io.sluice.bench.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.cdc.ChangeDecoding;
import io.sluice.cdc.ChangeEvent;
import io.sluice.cdc.ChangeEventDecoder;
import io.sluice.cdc.Operation;
import io.sluice.cdc.SourcePosition;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's events against what the CDC source publishes: the same key and value schemas as the captured
 * fixtures, decodable by the shared decoder (sluice-cdc), positions in commit order, and an expected stock that a
 * replay of the decoded events under the stock rules reproduces.
 */
class InventoryWorkloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("../sluice-testkit/src/main/resources/debezium/flattened.jsonl");

    private record Event(boolean products, byte[] key, byte[] value) {}

    private static List<Event> generate(InventoryWorkload w) {
        List<Event> events = new ArrayList<>();
        w.generate((products, key, value) -> events.add(new Event(products, key, value)));
        return events;
    }

    @Test
    void it_generates_exactly_the_events_asked_for_with_every_kind_of_change() {
        InventoryWorkload w = new InventoryWorkload(42, 20_000, 1_796_400_000_000L);

        List<Event> events = generate(w);

        assertThat(events).hasSize(20_000);
        assertThat(w.counts()).containsOnlyKeys(InventoryWorkload.Kind.values());
        assertThat(w.counts().get(InventoryWorkload.Kind.ITEM_CREATED)).isGreaterThan(10_000);
        assertThat(w.counts().get(InventoryWorkload.Kind.TOMBSTONE))
                .isEqualTo(w.counts().get(InventoryWorkload.Kind.ITEM_DELETED)
                        + w.counts().get(InventoryWorkload.Kind.PRODUCT_DELETED));
        assertThat(w.describe()).matches("[\\d,]+ products created, .* tombstones");
    }

    @Test
    void keys_and_value_schemas_are_those_of_the_captured_fixtures() throws IOException {
        Map<String, JsonNode> fixture = new HashMap<>();
        for (String line : Files.readAllLines(FIXTURES)) {
            JsonNode n = JSON.readTree(line);
            String table = n.get("topic").asText().replace("dbserver1.public.", "");
            if (!n.get("value").isNull()) {
                fixture.putIfAbsent(table + ".key", n.get("key").get("schema"));
                fixture.putIfAbsent(table + ".value", n.get("value").get("schema"));
            }
        }
        Map<String, JsonNode> ours = new HashMap<>();
        for (Event e : generate(new InventoryWorkload(1, 200, 0))) {
            if (e.value() != null) {
                String table = e.products() ? "products" : "order_items";
                ours.putIfAbsent(table + ".key", JSON.readTree(e.key()).get("schema"));
                ours.putIfAbsent(table + ".value", JSON.readTree(e.value()).get("schema"));
                assertThat(JSON.readTree(e.key()).get("payload").fieldNames())
                        .toIterable()
                        .containsExactly("id");
            }
        }

        for (String part : List.of("products.key", "products.value", "order_items.key", "order_items.value")) {
            assertThat(ours.get(part)).as(part).isEqualTo(fixture.get(part));
        }
    }

    @Test
    void decimals_are_kafka_connect_decimals() {
        assertThat(CdcEvents.decimal(new BigDecimal("1299.99"))).isEqualTo("AfvP");
        assertThat(CdcEvents.decimal(new BigDecimal("19.99"))).isEqualTo("B88=");
        assertThat(CdcEvents.decimal(new BigDecimal("0.29"))).isEqualTo("HQ==");
    }

    @Test
    void the_decoded_events_replayed_under_the_stock_rules_give_the_expected_stock() {
        InventoryWorkload w = new InventoryWorkload(7, 30_000, 1_796_400_000_000L);
        List<Event> events = generate(w);
        ChangeEventDecoder decoder = new ChangeEventDecoder();

        Map<Long, Long> stock = new HashMap<>();
        Map<Long, Long> sourceStock = new HashMap<>();
        Map<Long, long[]> items = new HashMap<>(); // id -> product, quantity
        SourcePosition last = SourcePosition.NONE;
        for (Event e : events) {
            String topic = e.products() ? "dbserver1.public.products" : "dbserver1.public.order_items";
            ChangeDecoding d = decoder.decode(topic, e.value());
            if (!(d instanceof ChangeDecoding.Change change)) {
                assertThat(e.value()).isNull();
                continue;
            }
            ChangeEvent c = change.event();
            assertThat(c.position().isAfter(last))
                    .as("positions in commit order")
                    .isTrue();
            last = c.position();
            long id = c.row().longValue("id");
            if (e.products()) {
                assertThat(c.table()).isEqualTo("products");
                if (c.isDelete()) {
                    stock.remove(id);
                    continue;
                }
                long q = c.row().longValue("stock_quantity");
                Long before = sourceStock.put(id, q);
                if (before == null || before != q) {
                    stock.put(id, q);
                }
            } else {
                long product = c.row().longValue("product_id");
                long q = c.isDelete() ? 0 : c.row().longValue("quantity");
                long[] old = items.get(id);
                long oldQ = old == null ? 0 : old[1];
                if (c.operation() == Operation.CREATE) {
                    assertThat(old).isNull();
                }
                items.put(id, new long[] {product, q});
                stock.merge(product, -(q - oldQ), Long::sum);
            }
        }

        assertThat(stock).isEqualTo(w.expectedStock());
    }
}
