package io.sluice.core.consumer;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OffsetCommitter#storedOffsets(OffsetStore)}: the sink's store holds the truth and positions every assigned
 * partition; Kafka gets an asynchronous commit after each write only so that lag tools work, and a failed one is
 * ignored. Confined to the polling thread.
 */
final class StoredOffsetsCommitter extends AtLeastOnceCommitter {
    private static final Logger log = LoggerFactory.getLogger(StoredOffsetsCommitter.class);

    private final OffsetStore store;

    StoredOffsetsCommitter(OffsetStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Optional<OffsetStore> positions() {
        return Optional.of(store);
    }

    @Override
    public void commit(Consumer<?, ?> consumer, Map<TopicPartition, Long> durable) {
        if (durable.isEmpty()) {
            return;
        }
        consumer.commitAsync(remember(durable), (o, e) -> {
            if (e != null) {
                log.debug("Kafka commit failed (offsets are stored with the data): {}", e.getMessage());
            }
        });
    }
}
