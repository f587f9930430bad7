package io.sluice.activity.processor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import io.sluice.core.consumer.OffsetStore;
import io.sluice.core.consumer.Sink;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each batch through the {@link ActivityStore} (rows, aggregates and offsets in one transaction), counts new
 * and repeated events, and logs the seed's {@code Processing event: <event_type>} for each stored record: at INFO in
 * development, else at DEBUG (production throughput is not spent on logging). Called on the loop's writer thread; a
 * store failure propagates, so the loop pauses and retries (never the dead-letter topic).
 */
final class ActivitySink implements Sink<ActivityEvent> {
    /** The seed's logger name; its lines have their own pattern in the platform's logback configuration. */
    static final Logger SEED_LOG = LoggerFactory.getLogger("ProcessingService");

    static final String STORED = "sluice.activity.events.stored";
    static final String REPEATED = "sluice.activity.events.repeated";

    private final ActivityStore store;
    private final OffsetStore offsets;
    private final boolean development;
    private final Counter stored;
    private final Counter repeated;

    ActivitySink(ActivityStore store, OffsetStore offsets, boolean development, MeterRegistry registry) {
        this.store = store;
        this.offsets = offsets;
        this.development = development;
        this.stored = Counter.builder(STORED)
                .description("Activity events stored (a new event id)")
                .tag("service", ProcessorConfig.SERVICE)
                .register(registry);
        this.repeated = Counter.builder(REPEATED)
                .description("Activity events whose event id was already stored (nothing changed)")
                .tag("service", ProcessorConfig.SERVICE)
                .register(registry);
    }

    @Override
    public void write(Batch<ActivityEvent> batch) {
        int inserted = store.store(batch);
        stored.increment(inserted);
        repeated.increment(batch.size() - inserted);
        if (development ? SEED_LOG.isInfoEnabled() : SEED_LOG.isDebugEnabled()) {
            for (Decoded<ActivityEvent> d : batch.records()) {
                if (development) {
                    SEED_LOG.info("Processing event: {}", d.value().eventType());
                } else {
                    SEED_LOG.debug("Processing event: {}", d.value().eventType());
                }
            }
        }
    }

    @Override
    public Optional<OffsetStore> offsetStore() {
        return Optional.of(offsets);
    }
}
