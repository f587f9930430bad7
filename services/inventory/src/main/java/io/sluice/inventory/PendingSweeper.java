package io.sluice.inventory;

import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.core.consumer.PoisonRecordException;
import io.sluice.core.lifecycle.BackgroundWorker;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends order items that waited longer than {@code pending.max_wait} for their product to their topic's dead-letter
 * topic (the platform's headers; reason {@code product <id> not found after 10m}), then drops them from the store so
 * that they never count. Runs on a {@link BackgroundWorker}. A crash between the two sends one again on restart.
 */
final class PendingSweeper implements BackgroundWorker.Task {
    private static final Logger log = LoggerFactory.getLogger(PendingSweeper.class);
    private static final int PAGE = 500;

    private final InventoryStore store;
    private final DeadLetterPublisher deadLetters;
    private final Duration maxWait;
    private final String maxWaitText;
    private final Duration interval;
    private final InventoryMetrics metrics;
    private final InstantSource clock;

    PendingSweeper(
            InventoryStore store,
            DeadLetterPublisher deadLetters,
            Duration maxWait,
            String maxWaitText,
            Duration interval,
            InventoryMetrics metrics,
            InstantSource clock) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.maxWait = maxWait;
        this.maxWaitText = maxWaitText;
        this.interval = interval;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public Duration runOnce() {
        List<PendingItem> expired = store.expiredPending(clock.instant().minus(maxWait), PAGE);
        if (expired.isEmpty()) {
            return interval;
        }
        for (PendingItem p : expired) {
            ConsumerRecord<byte[], byte[]> record =
                    new ConsumerRecord<>(p.topic(), p.partition(), p.offset(), p.key(), p.value());
            deadLetters.publish(
                    record,
                    new PoisonRecordException("product " + p.productId() + " not found after " + maxWaitText
                            + " (order item " + p.itemId() + ")"));
        }
        deadLetters.flush();
        int dropped = store.dropPending(expired);
        metrics.expired(dropped);
        log.warn(
                "{}: {} order item change(s) waited more than {} for their product; sent to the dead-letter topic",
                InventoryConfig.SERVICE,
                expired.size(),
                maxWaitText);
        return expired.size() == PAGE ? Duration.ZERO : interval;
    }

    @Override
    public void failed(Exception e, Duration backoff) {
        log.warn(
                "{}: pending-item sweep failed, retrying in {} ms: {}",
                InventoryConfig.SERVICE,
                backoff.toMillis(),
                e.toString());
    }
}
