package io.sluice.activity.processor;

import io.sluice.core.config.Settings;
import io.sluice.http.Metrics;
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
 * An activity processor running in-process against the shared test broker and a database, reading a fresh topic on a
 * free HTTP port; plus a snappy producer of events (keyed by user, as the ingestion API produces them).
 */
final class ProcessorFixture implements AutoCloseable {
    final String topic;
    final String group;
    final TestDatabase db;
    final ActivityProcessor service;
    private final TestHttp http;

    private ProcessorFixture(String topic, String group, TestDatabase db, ActivityProcessor service) {
        this.topic = topic;
        this.group = group;
        this.db = db;
        this.service = service;
        this.http = new TestHttp("http://localhost:" + service.httpPort());
    }

    /** A fresh topic (2 partitions), group and database. */
    static ProcessorFixture start(Map<String, String> extra) {
        return start(
                KafkaBroker.freshTopic("activity", 2),
                "act-" + System.nanoTime(),
                Postgres.freshDatabase("activity"),
                extra);
    }

    static ProcessorFixture start(String topic, String group, TestDatabase db, Map<String, String> extra) {
        ActivityProcessor service = ActivityProcessor.start(config(topic, group, db, extra), Metrics.prometheus());
        return new ProcessorFixture(topic, group, db, service);
    }

    static ProcessorConfig config(String topic, String group, TestDatabase db, Map<String, String> extra) {
        return ProcessorConfig.from(Settings.of(settings(topic, group, db, extra)));
    }

    static Map<String, String> settings(String topic, String group, TestDatabase db, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap_servers", KafkaBroker.bootstrapServers());
        s.put("services.activity-processor.kafka.topic", topic);
        s.put("services.activity-processor.kafka.group_id", group);
        s.put("services.activity-processor.kafka.partitions", "2");
        s.put("services.activity-processor.http.port", "0");
        s.put("http.host", "127.0.0.1");
        s.put("services.activity-processor.retry.max_backoff_ms", "1000");
        s.put("services.activity-processor.batch.linger_ms", "0");
        s.put("services.activity-processor.environment", "production");
        s.putAll(db.settings());
        s.putAll(extra);
        return s;
    }

    /** Sends the values keyed by their {@code user_id} (a value without one: key "none"), snappy, and waits. */
    void produce(List<String> values) {
        produce(topic, values);
    }

    static void produce(String topic, List<String> values) {
        try (KafkaProducer<String, String> producer = producer()) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, Events.userOf(v), v));
            }
            producer.flush();
        }
    }

    static KafkaProducer<String, String> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    HttpResponse<String> get(String path) {
        return http.get(path);
    }

    long consumed() {
        var s = service.consumerState();
        return s.recordsWritten() + s.recordsFailed() + s.recordsSkipped();
    }

    long events() {
        return db.count("SELECT count(*) FROM activity_events");
    }

    @Override
    public void close() {
        service.close();
    }
}
