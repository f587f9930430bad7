package io.sluice.core.consumer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records a loop holds between polls and the next flush: values for the sink, records the decoder rejected
 * (for the dead-letter topic) and records it skipped (counted only); all three advance the offsets. Confined to
 * one thread at a time (built on the polling thread, read on the writer thread after the hand-over).
 */
final class PendingBatch<T> {
    /** A record the decoder rejected, waiting to be dead-lettered with this batch. */
    record Poison(ConsumerRecord<byte[], byte[]> record, RuntimeException reason) {}

    private final List<Decoded<T>> records = new ArrayList<>();
    private final List<Poison> poison = new ArrayList<>();
    private final Map<TopicPartition, Integer> skipped = new HashMap<>();
    private final Map<TopicPartition, Long> nextOffsets = new LinkedHashMap<>();
    private long bytes;
    private long firstAtMillis = -1;

    void add(Decoded<T> decoded, long nowMillis) {
        records.add(decoded);
        track(decoded.source(), nowMillis);
    }

    void addPoison(ConsumerRecord<byte[], byte[]> record, RuntimeException reason, long nowMillis) {
        poison.add(new Poison(record, reason));
        track(record, nowMillis);
    }

    void addSkipped(ConsumerRecord<byte[], byte[]> record, long nowMillis) {
        skipped.merge(new TopicPartition(record.topic(), record.partition()), 1, Integer::sum);
        track(record, nowMillis);
    }

    private void track(ConsumerRecord<byte[], byte[]> r, long nowMillis) {
        nextOffsets.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
        bytes += Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
        if (firstAtMillis < 0) {
            firstAtMillis = nowMillis;
        }
    }

    boolean isEmpty() {
        return nextOffsets.isEmpty();
    }

    /** Records in hand, skipped ones included (they count towards {@code batch.max_records} as polled records). */
    int size() {
        return records.size() + poison.size() + skippedCount();
    }

    long bytes() {
        return bytes;
    }

    long ageMillis(long nowMillis) {
        return firstAtMillis < 0 ? 0 : nowMillis - firstAtMillis;
    }

    List<Poison> poison() {
        return poison;
    }

    /** Skipped records per topic. */
    Map<String, Integer> skippedByTopic() {
        Map<String, Integer> out = new HashMap<>();
        skipped.forEach((tp, n) -> out.merge(tp.topic(), n, Integer::sum));
        return out;
    }

    private int skippedCount() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    Batch<T> toBatch() {
        return new Batch<>(records, nextOffsets);
    }

    /** Puts everything {@code earlier} holds (records polled before these) in front of these. */
    void prepend(PendingBatch<T> earlier) {
        records.addAll(0, earlier.records);
        poison.addAll(0, earlier.poison);
        earlier.skipped.forEach((tp, n) -> skipped.merge(tp, n, Integer::sum));
        Map<TopicPartition, Long> later = new LinkedHashMap<>(nextOffsets);
        nextOffsets.clear();
        nextOffsets.putAll(earlier.nextOffsets);
        nextOffsets.putAll(later);
        bytes += earlier.bytes;
        if (earlier.firstAtMillis >= 0) {
            firstAtMillis = earlier.firstAtMillis;
        }
    }

    /** Forgets everything from these partitions (they were revoked; their new owner re-reads them). */
    void drop(Collection<TopicPartition> partitions) {
        records.removeIf(r -> partitions.contains(r.topicPartition()));
        poison.removeIf(p -> partitions.contains(
                new TopicPartition(p.record().topic(), p.record().partition())));
        partitions.forEach(skipped::remove);
        partitions.forEach(nextOffsets::remove);
        if (nextOffsets.isEmpty()) {
            clear();
        }
    }

    void clear() {
        records.clear();
        poison.clear();
        skipped.clear();
        nextOffsets.clear();
        bytes = 0;
        firstAtMillis = -1;
    }
}
