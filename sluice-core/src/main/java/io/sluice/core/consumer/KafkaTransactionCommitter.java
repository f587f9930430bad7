package io.sluice.core.consumer;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@link OffsetCommitter#kafkaTransactions(Producer)}: each write is one producer transaction holding the sink's
 * output and the batch's offsets, so Kafka's committed offsets are the truth and nothing is committed outside a
 * transaction. The group metadata is read on the polling thread when the batch is handed over; a write that races
 * a lost partition is fenced by the broker and fails, and its records are re-read by the partition's new owner.
 *
 * <p>A failed write aborts the transaction and rethrows. A fenced producer ({@code ProducerFencedException}) cannot
 * recover: the loop reports it as an outage until the service is restarted.
 */
final class KafkaTransactionCommitter implements OffsetCommitter {
    private final Producer<?, ?> producer;

    KafkaTransactionCommitter(Producer<?, ?> producer) {
        this.producer = Objects.requireNonNull(producer, "producer");
    }

    @Override
    public void start() {
        producer.initTransactions();
    }

    @Override
    public boolean needsGroupMetadata() {
        return true;
    }

    @Override
    public <T> void write(Sink<T> sink, Batch<T> batch, ConsumerGroupMetadata group) {
        Objects.requireNonNull(group, "group metadata");
        producer.beginTransaction();
        try {
            sink.write(batch);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            batch.nextOffsets().forEach((tp, o) -> offsets.put(tp, new OffsetAndMetadata(o)));
            producer.sendOffsetsToTransaction(offsets, group);
            producer.commitTransaction();
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    @Override
    public void commit(Consumer<?, ?> consumer, Map<TopicPartition, Long> durable) {
        // Committed inside the write's transaction.
    }

    @Override
    public void commitOnClose(Consumer<?, ?> consumer) {}

    @Override
    public void forget(Collection<TopicPartition> partitions) {}
}
