package io.sluice.activity.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from the start with a fresh group, nothing committed. */
final class TopicReader {
    private TopicReader() {}

    /**
     * Every record up to the one whose value contains {@code "marker"} (sent last, so everything sent before it is
     * there once it is, on any partition: each was acknowledged before the marker was sent).
     *
     * @throws AssertionError if the marker does not arrive in time
     */
    static List<ConsumerRecord<byte[], byte[]>> readUntil(
            String bootstrap, String topic, String marker, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        String needle = "\"" + marker + "\"";
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            consumer.subscribe(List.of(topic));
            boolean seen = false;
            // After the marker, one more poll: records of other partitions fetched in the same round.
            int extraPolls = 0;
            while (extraPolls < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(r);
                    seen |= new String(r.value(), StandardCharsets.UTF_8).contains(needle);
                }
                if (seen) {
                    extraPolls++;
                }
            }
            if (!seen) {
                throw new AssertionError("no record with " + needle + " on " + topic + " within " + timeout + "; read "
                        + records.size());
            }
        }
        return records;
    }

    /** Every record of the topic, once {@code count} arrived (or the timeout passed). */
    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic, int count, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            consumer.subscribe(List.of(topic));
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // Anything beyond the count (a duplicate) shows up within a few more polls.
            for (int i = 0; i < 3; i++) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "it-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
