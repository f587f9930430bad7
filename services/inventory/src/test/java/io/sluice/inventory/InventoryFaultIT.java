package io.sluice.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.embedded.EmbeddedPostgres;
import io.sluice.testkit.DebeziumFixtures;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import io.sluice.testkit.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops mid-stream and comes back: the API answers 503, the loop pauses, and afterwards every change is
 * applied once (exact stock) and nothing but the captured {@code orders} events reached the dead-letter topic.
 */
@ExtendWith({KafkaBroker.class, Postgres.class})
class InventoryFaultIT {
    private static final int ITEMS = 300;

    @TempDir
    Path dir;

    @Test
    void a_postgres_outage_mid_stream_loses_nothing_and_sends_nothing_to_the_dlq() {
        List<DebeziumFixtures.Line> lines = DebeziumFixtures.load("flattened");
        try (EmbeddedPostgres pg = Postgres.dedicated(dir.resolve("pg"))) {
            pg.start();
            pg.ensureDatabase("inventory_outage");
            TestDatabase db = TestDatabase.on(pg, "inventory_outage");
            try (InventoryFixture inv = InventoryFixture.start(
                    KafkaBroker.freshTopic("products", 1),
                    KafkaBroker.freshTopic("order_items", 1),
                    "outage",
                    db,
                    Map.of())) {
                inv.produce(lines);
                await().atMost(Duration.ofSeconds(60)).until(() -> InventoryKafkaIT.stock(inv, 2) == 152);

                pg.stop();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> inv.get("/health").statusCode() == 503);
                var r = inv.get("/inventory/1");
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.body()).isEqualTo("{\"error\":\"Database unavailable, try again later\"}");
                assertThat(inv.get("/live").statusCode()).isEqualTo(200);
                inv.produce(orderItems(lines));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> inv.service.consumerState().status().name().equals("DEGRADED"));

                pg.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> InventoryKafkaIT.stock(inv, 1) == 49 - ITEMS);
                JsonNode laptop = TestHttp.json(inv.get("/inventory/1"));
                assertThat(laptop.get("oversold").asBoolean()).isTrue();
                assertThat(InventoryKafkaIT.stock(inv, 2)).isEqualTo(152);
                assertThat(inv.service.consumerState().recordsFailed())
                        .as("the three orders events")
                        .isEqualTo(3);
                assertThat(KafkaBroker.consumeAll(DeadLetterPublisher.topicFor(inv.items), Duration.ofSeconds(3), 4))
                        .hasSize(3);
                assertThat(db.count("SELECT count(*) FROM inventory_ledger WHERE product_id = 1"))
                        .isEqualTo(1 + ITEMS);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> inv.get("/health").statusCode() == 200);
            }
        }
    }

    /** New order items for product 1, one unit each, positioned after everything captured. */
    private static List<DebeziumFixtures.Line> orderItems(List<DebeziumFixtures.Line> lines) {
        DebeziumFixtures.Line template = lines.stream()
                .filter(l -> l.topic().endsWith("order_items") && l.value() != null)
                .findFirst()
                .orElseThrow();
        List<DebeziumFixtures.Line> out = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            int id = 1000 + i;
            String value = template.value()
                    .replace("\"id\":1,\"order_id\":1,", "\"id\":" + id + ",\"order_id\":1,")
                    .replace("\"__lsn\":42704760", "\"__lsn\":" + (60_000_000L + i));
            out.add(new DebeziumFixtures.Line(template.topic(), "{\"id\":" + id + "}", value));
        }
        return out;
    }
}
