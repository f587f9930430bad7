package io.sluice.search;

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
 * A search indexer running in-process against the shared test broker and a database, reading a fresh products topic
 * on a free HTTP port; plus a small HTTP client and a producer of captured Debezium events.
 */
final class SearchFixture implements AutoCloseable {
    final String topic;
    final String group;
    final TestDatabase db;
    final SearchService service;
    private final TestHttp http;

    private SearchFixture(String topic, String group, TestDatabase db, SearchService service) {
        this.topic = topic;
        this.group = group;
        this.db = db;
        this.service = service;
        this.http = new TestHttp("http://localhost:" + service.httpPort());
    }

    /** A fresh topic, a fresh database. */
    static SearchFixture start(Map<String, String> extra) {
        return start(
                KafkaBroker.freshTopic("products", 1),
                "search-" + System.nanoTime(),
                Postgres.freshDatabase("search"),
                extra);
    }

    static SearchFixture start(String topic, String group, TestDatabase db, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap_servers", KafkaBroker.bootstrapServers());
        s.put("services.search-indexer.kafka.topic", topic);
        s.put("services.search-indexer.kafka.group_id", group);
        s.put("services.search-indexer.kafka.partitions", "1");
        s.put("services.search-indexer.http.port", "0");
        s.put("http.host", "127.0.0.1");
        s.put("services.search-indexer.retry.max_backoff_ms", "1000");
        s.put("services.search-indexer.batch.linger_ms", "0");
        s.putAll(db.settings());
        s.putAll(extra);
        SearchService service = SearchService.start(SearchConfig.from(Settings.of(s)), Metrics.prometheus());
        return new SearchFixture(topic, group, db, service);
    }

    /** Sends the captured lines of the products table to the fixture's topic, in order. */
    void produce(List<DebeziumFixtures.Line> lines) {
        try (KafkaProducer<String, String> producer = producer()) {
            for (DebeziumFixtures.Line l : lines) {
                if (l.topic().endsWith(".products")) {
                    producer.send(new ProducerRecord<>(topic, l.key(), l.value()));
                }
            }
            producer.flush();
        }
    }

    void produce(String key, String value) {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }

    /**
     * A flattened change event without schemas, as Debezium sends it with {@code schemas.enable=false}: a create (or
     * update) of a product at change LSN {@code lsn}.
     */
    static String event(long id, long lsn, String name, String description, String price, long stock) {
        return "{\"id\":" + id + ",\"name\":" + quote(name) + ",\"description\":" + quote(description)
                + ",\"price\":\"" + price + "\",\"stock_quantity\":" + stock
                + ",\"updated_at\":1796407847603769,\"__deleted\":\"false\",\"__op\":\"c\",\"__source_ts_ms\":1796407847603"
                + ",\"__source_table\":\"products\",\"__lsn\":" + lsn + "}";
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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

    long consumed() {
        var s = service.consumerState();
        return s.recordsWritten() + s.recordsFailed() + s.recordsSkipped();
    }

    @Override
    public void close() {
        service.close();
    }
}
