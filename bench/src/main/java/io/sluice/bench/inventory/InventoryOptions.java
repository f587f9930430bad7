package io.sluice.bench.inventory;

import java.util.Map;

/**
 * What {@code sluice bench inventory} runs.
 *
 * @param events CDC events to pre-produce, tombstones included
 * @param store {@code postgres} or {@code dynamodb}
 * @param topicPrefix the topics are {@code <prefix>.public.products} and {@code <prefix>.public.order_items}
 * @param seed of the workload
 * @param overrides inventory settings to override (full keys, e.g. {@code services.inventory.batch.max_records})
 */
public record InventoryOptions(
        long events, String store, String topicPrefix, long seed, Map<String, String> overrides) {
    public InventoryOptions {
        if (events < 1) {
            throw new IllegalArgumentException("--events must be at least 1, got " + events);
        }
        if (!store.equals("postgres") && !store.equals("dynamodb")) {
            throw new IllegalArgumentException("--store must be postgres or dynamodb, got '" + store + "'");
        }
        overrides = Map.copyOf(overrides);
    }
}
