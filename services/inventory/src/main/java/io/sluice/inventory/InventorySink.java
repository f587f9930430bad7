package io.sluice.inventory;

import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.OffsetStore;
import io.sluice.core.consumer.Sink;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each batch to the {@link InventoryStore} (with the offsets, when the store keeps them), counts what
 * happened, logs each low-stock crossing once (the seed's WARNING, verbatim) and wakes the alert publisher. Called
 * on the loop's writer thread; a store failure propagates, so the loop pauses and retries (never the DLQ).
 */
final class InventorySink implements Sink<InventoryChange> {
    private static final Logger log = LoggerFactory.getLogger(InventorySink.class);

    private final InventoryStore store;
    private final InventoryMetrics metrics;
    private final Runnable alertsRaised;

    InventorySink(InventoryStore store, InventoryMetrics metrics, Runnable alertsRaised) {
        this.store = store;
        this.metrics = metrics;
        this.alertsRaised = alertsRaised;
    }

    @Override
    public void write(Batch<InventoryChange> batch) {
        Applied applied = store.apply(batch);
        metrics.record(applied);
        for (LowStockAlert a : applied.alerts()) {
            log.warn("LOW STOCK ALERT: product_id={} has only {} items remaining", a.productId(), a.stock());
        }
        if (!applied.alerts().isEmpty()) {
            alertsRaised.run();
        }
    }

    @Override
    public Optional<OffsetStore> offsetStore() {
        return store.offsetStore();
    }
}
