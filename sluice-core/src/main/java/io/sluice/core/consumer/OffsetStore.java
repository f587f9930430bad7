package io.sluice.core.consumer;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a {@link Sink} keeps the next offset of each partition it stored, next to the data itself (a database
 * table written in the batch's transaction, an item in the same DynamoDB transaction, the metadata of an S3
 * object). Storing offsets that way makes delivery exactly-once: on every assignment the loop seeks each partition
 * to the offset {@link #load} returns, so a record is stored once however often the loop crashes or rebalances.
 *
 * <p>Writing the offsets is the sink's job, atomically with the records of each {@link Batch} (see
 * {@link Batch#nextOffsets()}); the loop only reads them back. {@link #load} is called on the loop's polling thread,
 * from the rebalance callback or the next step, never while the sink is writing; it throws (any unchecked
 * exception) when the store is unreachable, and the loop keeps the partitions paused and tries again.
 */
@FunctionalInterface
public interface OffsetStore {

    /** The stored next offsets of these partitions; partitions never stored are absent from the map. */
    Map<TopicPartition, Long> load(Set<TopicPartition> partitions);
}
