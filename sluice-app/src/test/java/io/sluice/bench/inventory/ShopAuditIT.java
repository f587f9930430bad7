package io.sluice.bench.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.db.DatabaseConfig;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault run's oracle against the change stream itself: demo traffic through the real CDC source, then the stock
 * that {@link ShopAudit}'s SQL computes from the audit triggers equals the stock a replay of the published events
 * (in commit order) gives under the same rules. So the fault run compares the service with a definition that holds
 * for what Debezium publishes, not with the harness's own idea.
 */
class ShopAuditIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void the_sql_definition_over_the_audit_matches_a_replay_of_the_published_events() throws Exception {
        TestDatabase db = Postgres.freshDatabase("shop");
        CdcTopics topics = new CdcTopics(
                "audit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8));
        DatabaseConfig shop = new DatabaseConfig(
                db.host(), db.port(), db.name(), db.user(), db.password(), 2, Duration.ofSeconds(5), true);
        try (ShopSource source = ShopSource.start(KafkaBroker.bootstrapServers(), shop, topics, dir);
                Connection c = source.connect();
                KafkaConsumer<byte[], byte[]> consumer = consumer(topics)) {
            ShopAudit.install(c);
            List<JsonNode> events = new ArrayList<>();
            // Traffic only once the source streams: changes before its slot would come as snapshot reads.
            await(consumer, topics, insertProduct(c, "ready"), events);
            ShopLoad load = new ShopLoad(source.connect(), 3, 200);
            load.start();
            Thread.sleep(3_000);
            load.close();
            assertThat(load.failed()).as(load.firstFailure()).isZero();
            long sentinel = insertProduct(c, "sentinel");
            await(consumer, topics, sentinel, events);
            Map<Long, Long> expected = ShopAudit.expectedStock(c);
            assertThat(ShopAudit.summary(c)).contains("order_items c", "products u");

            Map<Long, Long> replayed = replay(events);

            assertThat(expected).hasSizeGreaterThan(10).containsEntry(sentinel, 7L);
            assertThat(replayed).isEqualTo(expected);
        }
    }

    private static long insertProduct(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("INSERT INTO products (name, price, stock_quantity) VALUES ('" + name
                        + "', 1, 7) RETURNING id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(CdcTopics topics) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String t : topics.both()) {
            for (int p = 0; p < CdcTopics.PARTITIONS; p++) {
                partitions.add(new TopicPartition(t, p));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Collects events until the product arrived on the products topic, then for one more second. */
    private static void await(
            KafkaConsumer<byte[], byte[]> consumer, CdcTopics topics, long product, List<JsonNode> events)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long quietUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, quietUntil)) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() == null) {
                    continue;
                }
                JsonNode p = JSON.readTree(r.value()).get("payload");
                events.add(p);
                if (r.topic().equals(topics.products()) && p.get("id").asLong() == product) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        assertThat(quietUntil).as("product %d published", product).isNotEqualTo(Long.MAX_VALUE);
    }

    /** Replays the events in commit (LSN) order under the stock rules. */
    private static Map<Long, Long> replay(List<JsonNode> events) {
        events.sort(Comparator.comparingLong(p -> p.get("__lsn").asLong()));
        Map<Long, Long> stock = new HashMap<>();
        Map<Long, Long> sourceStock = new HashMap<>();
        Map<Long, long[]> items = new HashMap<>();
        for (JsonNode p : events) {
            boolean deleted = "d".equals(p.get("__op").asText());
            long id = p.get("id").asLong();
            if ("products".equals(p.get("__source_table").asText())) {
                if (deleted) {
                    stock.remove(id);
                    sourceStock.remove(id);
                    continue;
                }
                long q = p.get("stock_quantity").asLong();
                Long before = sourceStock.put(id, q);
                if (before == null || before != q) {
                    stock.put(id, q);
                }
            } else if ("order_items".equals(p.get("__source_table").asText())) {
                long product = p.get("product_id").asLong();
                long q = deleted ? 0 : p.get("quantity").asLong();
                long[] old = items.put(id, new long[] {product, q});
                if (old != null && old[0] != product) {
                    stock.computeIfPresent(old[0], (k, v) -> v + old[1]);
                    stock.computeIfPresent(product, (k, v) -> v - q);
                } else {
                    long delta = q - (old == null ? 0 : old[1]);
                    stock.computeIfPresent(product, (k, v) -> v - delta);
                }
            }
        }
        return stock;
    }
}
