package io.sluice.core.consumer;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Stores batches for a {@link ConsumerLoop}. Called by one thread at a time: {@link #write} and
 * {@link #durableOffsets} on the loop's writer thread, {@link #release} and the {@link #offsetStore() offset store}
 * on its polling thread, never while a write is in flight. It must tolerate being called from a thread other than
 * the one that created it.
 *
 * <p>Contract: {@link #write} stores the whole batch durably or throws; it must be idempotent, since after a crash
 * the same records arrive again. Throw anything for an outage; the loop asks its {@link FailureClassifier} whether
 * a failure is bad data.
 *
 * <p>Delivery depends on how offsets are kept (the loop's {@link OffsetCommitter}, chosen once):
 *
 * <ul>
 *   <li>a sink with an {@link #offsetStore()} writes {@link Batch#nextOffsets()} atomically with the records, and
 *       the loop seeks to the stored offsets on assignment: exactly-once;
 *   <li>otherwise the loop commits to Kafka what {@link #durableOffsets} reports after each write: at-least-once;
 *   <li>a processor that writes to Kafka through a transactional producer gets exactly-once from
 *       {@link OffsetCommitter#kafkaTransactions}.
 * </ul>
 */
public interface Sink<T> {

    void write(Batch<T> batch);

    /**
     * Where this sink stores offsets with its data, if it does (exactly-once); empty (the default) to have the loop
     * commit them to Kafka after each write (at-least-once).
     */
    default Optional<OffsetStore> offsetStore() {
        return Optional.empty();
    }

    /**
     * The next offsets whose records are durable now (Kafka Connect's {@code preCommit}). Called on the writer
     * thread right after each successful write with that batch's next offsets; the loop commits only what this
     * returns. The default says everything written is durable. A sink that accumulates records across batches (one
     * S3 object over many) returns the offsets up to its last durable object, possibly from an earlier batch, and
     * an empty map while nothing new is durable. Offsets it returns must not go backwards.
     */
    default Map<TopicPartition, Long> durableOffsets(Map<TopicPartition, Long> written) {
        return written;
    }

    /**
     * These partitions left this loop (revoked or lost): their next owner re-reads everything past the last durable
     * offset. A sink that buffers records drops what it holds for them. Called on the polling thread after the
     * batch in flight settled. The default does nothing.
     */
    default void release(Collection<TopicPartition> partitions) {}
}
