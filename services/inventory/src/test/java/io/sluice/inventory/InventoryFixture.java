package io.sluice.inventory;

import io.sluice.core.config.Settings;
import io.sluice.http.Metrics;
import io.sluice.testkit.DebeziumFixtures;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import io.sluice.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An inventory service running in-process against the shared test broker and a database, reading two fresh topics
 * (products, order items) on a free HTTP port; plus a small HTTP client and a producer of captured Debezium events.
 */
final class InventoryFixture implements AutoCloseable {
    final String products;
    final String items;
    final String group;
    final TestDatabase db;
    final InventoryService service;
    private final TestHttp http;

    private InventoryFixture(String products, String items, String group, TestDatabase db, InventoryService service) {
        this.products = products;
        this.items = items;
        this.group = group;
        this.db = db;
        this.service = service;
        this.http = new TestHttp("http://localhost:" + service.httpPort());
    }

    /** Fresh topics, a fresh database. */
    static InventoryFixture start(Map<String, String> extra) {
        return start(
                KafkaBroker.freshTopic("products", 1),
                KafkaBroker.freshTopic("order_items", 1),
                "inv-" + System.nanoTime(),
                Postgres.freshDatabase("inventory"),
                extra);
    }

    static InventoryFixture start(
            String products, String items, String group, TestDatabase db, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap_servers", KafkaBroker.bootstrapServers());
        s.put("services.inventory.kafka.topics", products + "," + items);
        s.put("services.inventory.kafka.group_id", group);
        s.put("services.inventory.kafka.partitions", "1");
        s.put("services.inventory.http.port", "0");
        s.put("http.host", "127.0.0.1");
        s.put("services.inventory.retry.max_backoff_ms", "1000");
        s.put("services.inventory.batch.linger_ms", "0");
        s.putAll(db.settings());
        s.putAll(extra);
        InventoryService service = InventoryService.start(InventoryConfig.from(Settings.of(s)), Metrics.prometheus());
        return new InventoryFixture(products, items, group, db, service);
    }

    /** Sends the captured lines of these tables to the fixture's topics, in order (orders go to the items topic). */
    void produce(List<DebeziumFixtures.Line> lines) {
        try (KafkaProducer<String, String> producer = producer()) {
            for (DebeziumFixtures.Line l : lines) {
                if (l.topic().endsWith(".measures")) {
                    continue;
                }
                String topic = l.topic().endsWith(".products") ? products : items;
                producer.send(new ProducerRecord<>(topic, l.key(), l.value()));
            }
            producer.flush();
        }
    }

    void produce(String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }

    private static KafkaProducer<String, String> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    HttpResponse<String> get(String path) {
        return http.get(path);
    }

    @Override
    public void close() {
        service.close();
    }
}
