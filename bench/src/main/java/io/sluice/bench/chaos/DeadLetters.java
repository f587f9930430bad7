package io.sluice.bench.chaos;

import io.sluice.bench.chaos.ChaosProducer.Position;
import io.sluice.core.consumer.DeadLetterPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic's dead-letter topic from the start to its end, and the source topic's log end offsets. */
final class DeadLetters {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final String topic;

    DeadLetters(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    /**
     * What the dead-letter topic holds.
     *
     * @param records every record read
     * @param distinct the distinct source positions their headers name
     * @param foreign records whose headers name another topic, or none
     */
    record Contents(long records, Set<Position> distinct, long foreign) {}

    Map<Integer, Long> endOffsetsOfSource() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Map<Integer, Long> out = new HashMap<>();
            consumer.endOffsets(partitions(consumer, topic)).forEach((tp, o) -> out.put(tp.partition(), o));
            return out;
        }
    }

    Contents read() {
        String dlq = DeadLetterPublisher.topicFor(topic);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> parts = partitions(consumer, dlq);
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long records = 0;
            long foreign = 0;
            Set<Position> distinct = new HashSet<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + dlq + " to its end " + end + " within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    Position p = source(r);
                    if (p == null) {
                        foreign++;
                    } else {
                        distinct.add(p);
                    }
                }
            }
            return new Contents(records, distinct, foreign);
        }
    }

    private Position source(ConsumerRecord<byte[], byte[]> r) {
        String sourceTopic = header(r, DeadLetterPublisher.HEADER_TOPIC);
        String partition = header(r, DeadLetterPublisher.HEADER_PARTITION);
        String offset = header(r, DeadLetterPublisher.HEADER_OFFSET);
        if (!topic.equals(sourceTopic) || partition == null || offset == null) {
            return null;
        }
        return new Position(Integer.parseInt(partition), Long.parseLong(offset));
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-chaos-verifier");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
