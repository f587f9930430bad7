package io.sluice.search;

import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.OffsetStore;
import io.sluice.core.consumer.Sink;
import java.util.Optional;

/**
 * Applies each batch to the {@link SearchStore} (with the offsets, when the store keeps them) and counts what
 * happened. Called on the loop's writer thread; a store failure propagates, so the loop pauses and retries (never
 * the DLQ).
 */
final class SearchSink implements Sink<ProductVersion> {
    private final SearchStore store;
    private final SearchMetrics metrics;

    SearchSink(SearchStore store, SearchMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public void write(Batch<ProductVersion> batch) {
        metrics.record(store.apply(batch));
    }

    @Override
    public Optional<OffsetStore> offsetStore() {
        return store.offsetStore();
    }
}
