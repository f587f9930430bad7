package io.sluice.requestevents;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning without a consumer group (assigned partitions: no rebalance to wait for) until
 * the wanted records are there, for tests that look at what the service sent.
 */
final class TopicReader {
    private TopicReader() {}

    /** Records whose JSON value matches {@code filter}, once {@code expected} of them arrived (or 30 s passed). */
    static List<ConsumerRecord<byte[], byte[]>> read(
            String bootstrap, String topic, Predicate<JsonNode> filter, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(value(r))) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    static JsonNode value(ConsumerRecord<byte[], byte[]> r) {
        try {
            return Json.mapper().readTree(r.value());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(r.value(), java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }
}
