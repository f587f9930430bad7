package io.sluice.core.consumer;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Stores batches for a {@link ConsumerLoop}. Called by one thread at a time (writes on the loop's writer thread,
 * {@link #storedOffsets} on its polling thread, never while a write is in flight).
 *
 * <p>Contract: {@link #write} stores the whole batch durably or throws; it must be idempotent, since after a crash
 * the same records arrive again. A sink that {@linkplain #storesOffsets() stores offsets} writes
 * {@link Batch#nextOffsets()} in the same transaction as the records, which makes delivery exactly-once: on
 * partition assignment the loop seeks to {@link #storedOffsets}. Otherwise the loop commits offsets to Kafka after
 * each successful write (at-least-once).
 *
 * <p>Throw anything for an outage; the loop asks its {@link FailureClassifier} whether a failure is bad data.
 */
public interface Sink<T> {

    void write(Batch<T> batch);

    /** Whether {@link #write} stores the batch's next offsets atomically with its records. */
    default boolean storesOffsets() {
        return false;
    }

    /** The next offsets stored for these partitions; partitions never stored are absent from the map. */
    default Map<TopicPartition, Long> storedOffsets(Set<TopicPartition> partitions) {
        return Map.of();
    }
}
