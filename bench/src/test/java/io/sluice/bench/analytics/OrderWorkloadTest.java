package io.sluice.bench.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.cdc.ChangeDecoding;
import io.sluice.cdc.ChangeEvent;
import io.sluice.cdc.ChangeEventDecoder;
import io.sluice.cdc.SourcePosition;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The analytics benchmark's events against what the CDC source publishes: the orders' key and value schemas of the
 * captured fixtures, decodable by the shared decoder (sluice-cdc) with positions in commit order, and expected
 * figures that a replay of the decoded events over a table of orders reproduces (SQL over the source, by hand).
 */
class OrderWorkloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("../sluice-testkit/src/main/resources/debezium/flattened.jsonl");

    private record Event(String table, byte[] key, byte[] value) {}

    private static List<Event> generate(OrderWorkload w) {
        List<Event> events = new ArrayList<>();
        w.generate((table, key, value) -> events.add(new Event(table, key, value)));
        return events;
    }

    @Test
    void orders_keys_and_value_schemas_are_those_of_the_captured_fixtures() throws IOException {
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
        for (Event e : generate(new OrderWorkload(1, 200, 0.3, 1_796_400_000_000L))) {
            if (e.value() != null) {
                ours.putIfAbsent(e.table() + ".key", JSON.readTree(e.key()).get("schema"));
                ours.putIfAbsent(e.table() + ".value", JSON.readTree(e.value()).get("schema"));
            }
        }

        for (String part : List.of("orders.key", "orders.value", "order_items.key", "order_items.value")) {
            assertThat(ours.get(part)).as(part).isEqualTo(fixture.get(part));
        }
    }

    @Test
    void every_kind_of_change_is_generated_and_each_delete_has_its_tombstone() {
        OrderWorkload w = new OrderWorkload(42, 5_000, 0.3, 1_796_400_000_000L);

        List<Event> events = generate(w);

        assertThat(events).hasSize((int) w.events());
        long deletes = events.stream()
                .filter(e -> e.value() != null && new String(e.value()).contains("\"__op\":\"d\""))
                .count();
        long tombstones = events.stream().filter(e -> e.value() == null).count();
        assertThat(tombstones).isEqualTo(deletes).isPositive();
        assertThat(w.describe())
                .matches("5,000 orders created, [\\d,]+ items created, [\\d,]+ status changes, [\\d,]+ amount changes,"
                        + " [\\d,]+ orders deleted, [\\d,]+ items deleted, [\\d,]+ tombstones");
    }

    @Test
    void the_decoded_events_replayed_over_a_table_of_orders_give_the_expected_figures() {
        OrderWorkload w = new OrderWorkload(7, 5_000, 0.5, 1_796_400_000_000L);
        List<Event> events = generate(w);
        ChangeEventDecoder decoder = new ChangeEventDecoder();

        Map<Long, BigDecimal> amounts = new HashMap<>();
        Map<Long, String> statuses = new HashMap<>();
        SourcePosition last = SourcePosition.NONE;
        boolean special = false;
        for (Event e : events) {
            ChangeDecoding d = decoder.decode("dbserver1.public." + e.table(), e.value());
            if (!(d instanceof ChangeDecoding.Change change)) {
                assertThat(e.value()).isNull();
                continue;
            }
            ChangeEvent c = change.event();
            assertThat(c.table()).isEqualTo(e.table());
            assertThat(c.position().isAfter(last))
                    .as("positions in commit order")
                    .isTrue();
            last = c.position();
            if (e.table().equals("order_items")) {
                special |= !c.isDelete() && c.row().decimal("price").compareTo(new BigDecimal("1299.99")) == 0;
                continue;
            }
            long id = c.row().longValue("id");
            if (c.isDelete()) {
                amounts.remove(id);
                statuses.remove(id);
            } else {
                amounts.put(id, c.row().decimal("total_amount"));
                statuses.put(id, c.row().string("status"));
            }
        }

        OrderWorkload.Expected expected = w.expected();
        Map<String, Long> byStatus = new TreeMap<>();
        statuses.values().forEach(s -> byStatus.merge(s, 1L, Long::sum));
        assertThat(special).as("1299.99 among the prices").isTrue();
        assertThat(expected.totalOrders()).isEqualTo(amounts.size()).isLessThan(5_000);
        assertThat(expected.totalRevenue())
                .isEqualTo(amounts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(expected.totalRevenue().scale()).isEqualTo(2);
        assertThat(expected.statusCounts()).isEqualTo(byStatus).hasSizeGreaterThan(1);
    }
}
