package io.sluice.core.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OffsetCommitter#atLeastOnce()}: {@code commitSync} to Kafka after each write, and again on close; the
 * base of {@link StoredOffsetsCommitter}, which commits only for lag tools. Confined to the polling thread.
 */
sealed class AtLeastOnceCommitter implements OffsetCommitter permits StoredOffsetsCommitter {
    private static final Logger log = LoggerFactory.getLogger(AtLeastOnceCommitter.class);
    private static final Duration CLOSE_COMMIT_TIMEOUT = Duration.ofSeconds(5);

    /** The latest offsets moved per partition, committed once more on close. */
    final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();

    @Override
    public void commit(Consumer<?, ?> consumer, Map<TopicPartition, Long> durable) {
        if (durable.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = remember(durable);
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // The records are stored; whoever owns the partition next re-reads them and the idempotent sink
            // absorbs the repeat.
            log.warn("offset commit failed after a successful write; the records will be re-read: {}", e.getMessage());
        }
    }

    final Map<TopicPartition, OffsetAndMetadata> remember(Map<TopicPartition, Long> durable) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        durable.forEach((tp, o) -> offsets.put(tp, new OffsetAndMetadata(o)));
        committed.putAll(offsets);
        return offsets;
    }

    @Override
    public final void commitOnClose(Consumer<?, ?> consumer) {
        if (committed.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(committed, CLOSE_COMMIT_TIMEOUT);
        } catch (RuntimeException e) {
            log.debug("final Kafka commit failed: {}", e.getMessage());
        }
    }

    @Override
    public final void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(committed::remove);
    }
}
