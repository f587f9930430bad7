package io.sluice.inventory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The inventory's own counters (the loop's are in {@link io.sluice.core.MetricNames}). Thread-safe. */
final class InventoryMetrics {
    /** Changes that changed state. */
    static final String APPLIED = "sluice.inventory.changes.applied";
    /** Changes not after what was stored (replays, redeliveries): nothing changed. */
    static final String STALE = "sluice.inventory.changes.stale";
    /** Order-item changes for a deleted product: recorded, never counted. */
    static final String ABSORBED = "sluice.inventory.items.absorbed";
    /** Order-item changes that arrived before their product and wait for it. */
    static final String PENDING = "sluice.inventory.items.pending";
    /** Pending order items sent to the dead-letter topic after {@code pending.max_wait}. */
    static final String EXPIRED = "sluice.inventory.items.expired";
    /** Products whose stock went below zero. */
    static final String OVERSOLD = "sluice.inventory.products.oversold";
    /** Low-stock crossings raised. */
    static final String LOW_STOCK_ALERTS = "sluice.inventory.low_stock.alerts";

    private final Counter applied;
    private final Counter stale;
    private final Counter absorbed;
    private final Counter pending;
    private final Counter expired;
    private final Counter oversold;
    private final Counter alerts;

    InventoryMetrics(MeterRegistry registry, String service) {
        applied = counter(registry, APPLIED, service, "Inventory changes that changed state");
        stale = counter(registry, STALE, service, "Inventory changes older than what was stored (no effect)");
        absorbed = counter(registry, ABSORBED, service, "Order-item changes for deleted products");
        pending = counter(registry, PENDING, service, "Order-item changes waiting for their product");
        expired = counter(registry, EXPIRED, service, "Pending order items sent to the dead-letter topic");
        oversold = counter(registry, OVERSOLD, service, "Products whose stock went below zero");
        alerts = counter(registry, LOW_STOCK_ALERTS, service, "Low-stock threshold crossings");
    }

    private static Counter counter(MeterRegistry registry, String name, String service, String description) {
        return Counter.builder(name)
                .description(description)
                .tag("service", service)
                .register(registry);
    }

    void record(Applied a) {
        applied.increment(a.applied());
        stale.increment(a.stale());
        absorbed.increment(a.absorbed());
        pending.increment(a.pending());
        oversold.increment(a.oversold());
        alerts.increment(a.alerts().size());
    }

    void expired(int n) {
        expired.increment(n);
    }
}
