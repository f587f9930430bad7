package io.sluice.bench.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The baseline: one plain {@link KafkaConsumer} (no group, partitions assigned, from the beginning) reading every
 * record of the topics to their end offsets as they were when it started, with each value either parsed as JSON
 * (Jackson's tree: what any consumer of these events must at least do) or not decoded at all. Nothing is kept, nothing
 * committed. Stateless; one call per measurement.
 */
final class RawConsume {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long STALL_NANOS = Duration.ofSeconds(60).toNanos();

    private RawConsume() {}

    /** Records read (tombstones included) and the nanoseconds from the first poll to the last record. */
    record Result(long records, long nanos) {}

    static Result run(String bootstrapServers, List<String> topics, boolean parseJson) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-bench-raw-consume");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo p : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            long expected = ends.values().stream().mapToLong(Long::longValue).sum();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long records = 0;
            long bytes = 0;
            long start = System.nanoTime();
            long movedAt = start;
            while (records < expected) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
                long now = System.nanoTime();
                if (!batch.isEmpty()) {
                    movedAt = now;
                } else if (now - movedAt > STALL_NANOS) {
                    throw new IllegalStateException(
                            "the raw consumer read nothing for 60 s: " + records + " of " + expected + " records");
                }
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    records++;
                    if (r.value() != null) {
                        bytes += parseJson ? parse(r.value()) : r.value().length;
                    }
                }
            }
            long nanos = System.nanoTime() - start;
            if (bytes < 0) {
                throw new IllegalStateException("unreachable: keeps the decoding from being optimised away");
            }
            return new Result(records, nanos);
        }
    }

    private static int parse(byte[] value) {
        try {
            return JSON.readTree(value).size();
        } catch (IOException e) {
            throw new UncheckedIOException("a record that is not JSON", e);
        }
    }
}
