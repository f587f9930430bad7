package io.sluice.core.consumer;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * How a {@link ConsumerLoop} makes offsets durable: the seam that carries the delivery guarantee, chosen once when
 * the loop is built. One instance per loop (it remembers the offsets it moved).
 *
 * <ul>
 *   <li>{@link #atLeastOnce()}: after each write, {@code commitSync} to Kafka the offsets the sink reports
 *       {@linkplain Sink#durableOffsets durable}; a crash between the write and the commit re-reads the batch.
 *   <li>{@link #storedOffsets(OffsetStore)}: the sink stores offsets with its data; the loop seeks to them on every
 *       assignment (exactly-once) and commits to Kafka asynchronously only so that lag tools work.
 *   <li>{@link #kafkaTransactions(Producer)}: for a processor whose sink writes to Kafka through {@code producer}:
 *       each write runs in a producer transaction that also carries the batch's offsets
 *       ({@code sendOffsetsToTransaction}), so the output and the input offsets commit together (exactly-once
 *       Kafka to Kafka; consumers of the output read with {@code isolation.level=read_committed}).
 * </ul>
 *
 * <p>The loop calls {@link #write} on its writer thread and every other method on its polling thread, never both at
 * once for the same batch. Methods throw unchecked exceptions on failure; a failed {@code write} is an outage (or bad
 * data, as the loop's {@link FailureClassifier} says) and is retried; a failed Kafka commit after a successful write
 * is logged and not retried (the records are stored; at worst they are re-read).
 */
public sealed interface OffsetCommitter permits AtLeastOnceCommitter, KafkaTransactionCommitter {

    /** Commits to Kafka after each write (at-least-once; the sink must be idempotent). */
    static OffsetCommitter atLeastOnce() {
        return new AtLeastOnceCommitter();
    }

    /** Reads positions from {@code store}, which the sink writes in its own transactions (exactly-once). */
    static OffsetCommitter storedOffsets(OffsetStore store) {
        return new StoredOffsetsCommitter(store);
    }

    /**
     * Runs each write in a transaction of {@code producer}, which the sink sends its output through. The producer
     * must have a {@code transactional.id} and must not have been initialised; the loop calls
     * {@code initTransactions()} on its thread at start. The caller owns the producer and closes it after the loop.
     */
    static OffsetCommitter kafkaTransactions(Producer<?, ?> producer) {
        return new KafkaTransactionCommitter(producer);
    }

    /** The committer a sink implies: {@link #storedOffsets} if it has an offset store, else {@link #atLeastOnce}. */
    static OffsetCommitter forSink(Sink<?> sink) {
        return sink.offsetStore().map(OffsetCommitter::storedOffsets).orElseGet(OffsetCommitter::atLeastOnce);
    }

    /** Polling thread, before subscribing. */
    default void start() {}

    /** Where assigned partitions resume, if not from Kafka's committed offsets. */
    default Optional<OffsetStore> positions() {
        return Optional.empty();
    }

    /** Whether {@link #write} needs the consumer's group metadata (read on the polling thread at hand-over). */
    default boolean needsGroupMetadata() {
        return false;
    }

    /**
     * Writer thread: writes {@code batch} through the sink, with its offsets if this committer carries them.
     *
     * @param group the consumer's group metadata when {@link #needsGroupMetadata()}, else null
     */
    default <T> void write(Sink<T> sink, Batch<T> batch, ConsumerGroupMetadata group) {
        sink.write(batch);
    }

    /** Polling thread: these offsets are durable; move the group's offsets to them. */
    void commit(Consumer<?, ?> consumer, Map<TopicPartition, Long> durable);

    /** Polling thread: the loop stops; commit what is durable, waiting a little. */
    void commitOnClose(Consumer<?, ?> consumer);

    /** Polling thread: these partitions left the loop; forget what was committed for them. */
    void forget(Collection<TopicPartition> partitions);
}
