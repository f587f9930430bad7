package io.sluice.core.consumer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What a {@link Sink} must store in one transaction: the decoded records and, per partition, the offset of the
 * next record to read once these are stored.
 *
 * <p>{@code nextOffsets} can run past the last record (records skipped to the dead-letter topic still advance
 * it), and a batch may hold offsets and no records at all.
 */
public record Batch<T>(List<Decoded<T>> records, Map<TopicPartition, Long> nextOffsets) {

    public Batch {
        records = List.copyOf(records);
        nextOffsets = Map.copyOf(nextOffsets);
    }

    /** A batch of these records whose offsets advance just past each partition's last record. */
    public static <T> Batch<T> of(List<Decoded<T>> records) {
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        for (Decoded<T> r : records) {
            next.merge(r.topicPartition(), r.offset() + 1, Math::max);
        }
        return new Batch<>(records, next);
    }

    public static <T> Batch<T> offsetsOnly(Map<TopicPartition, Long> nextOffsets) {
        return new Batch<>(List.of(), nextOffsets);
    }

    public int size() {
        return records.size();
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }
}
