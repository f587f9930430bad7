package io.sluice.bench.analytics;

import java.util.Map;

/**
 * What {@code sluice bench analytics} runs.
 *
 * @param orders orders to generate (each with 1 to 3 items)
 * @param changeShare per order created, the chance of a change to an earlier order (status, amount or delete)
 * @param flushes how many timed {@code POST /analytics/flush}
 * @param topicPrefix the topics are {@code <prefix>.public.orders} and {@code <prefix>.public.order_items}
 * @param seed of the workload
 * @param overrides analytics settings to override (full keys, e.g. {@code services.analytics.streams.threads})
 */
public record AnalyticsOptions(
        int orders, double changeShare, int flushes, String topicPrefix, long seed, Map<String, String> overrides) {
    public AnalyticsOptions {
        if (orders < 1) {
            throw new IllegalArgumentException("--orders must be at least 1, got " + orders);
        }
        if (changeShare < 0 || changeShare > 1) {
            throw new IllegalArgumentException("--changes must be between 0 and 1, got " + changeShare);
        }
        if (flushes < 1) {
            throw new IllegalArgumentException("--flushes must be at least 1, got " + flushes);
        }
        overrides = Map.copyOf(overrides);
    }
}
