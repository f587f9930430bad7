package io.sluice.search;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The indexer's own meters (the loop's are in {@link io.sluice.core.MetricNames}). Thread-safe. */
final class SearchMetrics {
    /** Versions written to the index (inserts, updates, snapshot reads). */
    static final String INDEXED = "sluice.search.versions.indexed";
    /** Deletions that left a tombstone. */
    static final String DELETED = "sluice.search.versions.deleted";
    /** Versions not after what was stored (replays, reordering): nothing changed. */
    static final String STALE = "sluice.search.versions.stale";
    /** Tombstones purged after the retention. */
    static final String PURGED = "sluice.search.tombstones.purged";
    /** Time to answer a search, store included. */
    static final String LATENCY = "sluice.search.latency";

    private final Counter indexed;
    private final Counter deleted;
    private final Counter stale;
    private final Counter purged;
    private final Timer latency;

    SearchMetrics(MeterRegistry registry, String service) {
        indexed = counter(registry, INDEXED, service, "Product versions written to the search index");
        deleted = counter(registry, DELETED, service, "Product deletions that left a tombstone");
        stale = counter(registry, STALE, service, "Product versions older than what was stored (no effect)");
        purged = counter(registry, PURGED, service, "Tombstones purged after the retention");
        latency = Timer.builder(LATENCY)
                .description("Time to answer a product search")
                .tag("service", service)
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String name, String service, String description) {
        return Counter.builder(name)
                .description(description)
                .tag("service", service)
                .register(registry);
    }

    void record(Indexed i) {
        indexed.increment(i.indexed());
        deleted.increment(i.deleted());
        stale.increment(i.stale());
    }

    void purged(int n) {
        purged.increment(n);
    }

    Timer latency() {
        return latency;
    }
}
