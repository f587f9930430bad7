package io.sluice.search;

import io.sluice.core.lifecycle.BackgroundWorker;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges tombstones older than {@code tombstone_retention} every {@code tombstone_sweep_interval}. After that a
 * very late update of the deleted product would index it again, so the retention must exceed how late a change can
 * arrive (the topic's lag, a replay). Runs on a {@link BackgroundWorker}; a failed round (store down) is retried with
 * backoff.
 */
final class TombstoneSweeper implements BackgroundWorker.Task {
    private static final Logger log = LoggerFactory.getLogger(TombstoneSweeper.class);

    private final SearchStore store;
    private final Duration retention;
    private final Duration interval;
    private final SearchMetrics metrics;
    private final InstantSource clock;

    TombstoneSweeper(
            SearchStore store, Duration retention, Duration interval, SearchMetrics metrics, InstantSource clock) {
        this.store = store;
        this.retention = retention;
        this.interval = interval;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public Duration runOnce() {
        int purged = store.purgeTombstones(clock.instant().minus(retention));
        if (purged > 0) {
            metrics.purged(purged);
            log.info("{}: purged {} tombstone(s) older than {}", SearchConfig.SERVICE, purged, retention);
        }
        return interval;
    }

    @Override
    public void failed(Exception e, Duration backoff) {
        log.warn(
                "{}: tombstone purge failed, retrying in {} ms: {}",
                SearchConfig.SERVICE,
                backoff.toMillis(),
                e.toString());
    }
}
