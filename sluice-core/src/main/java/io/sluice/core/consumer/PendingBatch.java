package io.sluice.core.consumer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** The records a loop holds between polls and the next flush. Confined to the loop thread. */
final class PendingBatch<T> {
    /** A record the decoder rejected, waiting to be dead-lettered with this batch. */
    record Poison(ConsumerRecord<byte[], byte[]> record, RuntimeException reason) {}

    private final List<Decoded<T>> records = new ArrayList<>();
    private final List<Poison> poison = new ArrayList<>();
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

    int size() {
        return records.size() + poison.size();
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

    Batch<T> toBatch() {
        return new Batch<>(records, nextOffsets);
    }

    /** Adds everything {@code later} holds (records polled after these), leaving {@code later} as it was. */
    void append(PendingBatch<T> later) {
        records.addAll(later.records);
        poison.addAll(later.poison);
        nextOffsets.putAll(later.nextOffsets);
        bytes += later.bytes;
        if (firstAtMillis < 0) {
            firstAtMillis = later.firstAtMillis;
        }
    }

    /** Forgets everything from these partitions (they were revoked; their new owner re-reads them). */
    void drop(Collection<TopicPartition> partitions) {
        records.removeIf(r -> partitions.contains(r.topicPartition()));
        poison.removeIf(p -> partitions.contains(
                new TopicPartition(p.record().topic(), p.record().partition())));
        partitions.forEach(nextOffsets::remove);
        if (nextOffsets.isEmpty()) {
            clear();
        }
    }

    void clear() {
        records.clear();
        poison.clear();
        nextOffsets.clear();
        bytes = 0;
        firstAtMillis = -1;
    }
}
