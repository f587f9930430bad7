package io.sluice.producer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The emitter's meters, all tagged with the producing service ({@code service=request-events}). Prometheus renders dots as underscores and adds
 * {@code _total} to counters ({@code sluice_events_dropped_total{reason="spill_full"}}). Thread-safe.
 */
final class EmitterMetrics {
    /** Events handed to the emitter. */
    static final String EMITTED = "sluice.events.emitted";
    /** Events acknowledged by Kafka, replays included. */
    static final String SENT = "sluice.events.sent";
    /** Events written to the spill file. Tag: reason ({@code kafka_unavailable}, {@code queue_full}). */
    static final String SPILLED = "sluice.events.spilled";
    /** Spilled events replayed to Kafka. */
    static final String REPLAYED = "sluice.events.replayed";
    /** Events lost. Tag: reason ({@code spill_full}, {@code rejected}, {@code spill_failed}, {@code closed}). */
    static final String DROPPED = "sluice.events.dropped";
    /** Events waiting in memory. */
    static final String QUEUED = "sluice.events.queued";
    /** Events waiting in the spill file. */
    static final String SPILL_PENDING = "sluice.events.spill.pending";
    /** Size of the spill file. */
    static final String SPILL_BYTES = "sluice.events.spill.bytes";
    /** 1 while Kafka is reachable, else 0. */
    static final String KAFKA_UP = "sluice.events.kafka.up";

    private final MeterRegistry registry;
    private final String service;
    private final Counter emitted;
    private final Counter sentCounter;
    private final Counter replayedCounter;
    private final LongAdder sent = new LongAdder();
    private final LongAdder spilled = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Map<String, Counter> byReason = new ConcurrentHashMap<>();

    EmitterMetrics(MeterRegistry registry, String service, EventEmitter emitter) {
        this.registry = registry;
        this.service = service;
        this.emitted = Counter.builder(EMITTED)
                .description("Events handed to the emitter")
                .tag("service", service)
                .register(registry);
        this.sentCounter = Counter.builder(SENT)
                .description("Events acknowledged by Kafka")
                .tag("service", service)
                .register(registry);
        this.replayedCounter = Counter.builder(REPLAYED)
                .description("Spilled events replayed to Kafka")
                .tag("service", service)
                .register(registry);
        Gauge.builder(QUEUED, emitter, EventEmitter::queued)
                .description("Events waiting in memory for the sender")
                .tag("service", service)
                .register(registry);
        Gauge.builder(SPILL_PENDING, emitter, EventEmitter::spillPending)
                .description("Events in the spill file waiting for Kafka")
                .tag("service", service)
                .register(registry);
        Gauge.builder(SPILL_BYTES, emitter, EventEmitter::spillBytes)
                .description("Size of the spill file")
                .baseUnit("bytes")
                .tag("service", service)
                .register(registry);
        Gauge.builder(KAFKA_UP, emitter, e -> e.kafkaUp() ? 1 : 0)
                .description("1 while Kafka is reachable")
                .tag("service", service)
                .register(registry);
        // Registered up front so that a scrape shows 0 rather than nothing before the first drop.
        counter(DROPPED, "spill_full");
    }

    void emitted() {
        emitted.increment();
    }

    void sent(int n) {
        sent.add(n);
        sentCounter.increment(n);
    }

    void replayed(int n) {
        replayedCounter.increment(n);
    }

    void spilled(String reason) {
        spilled.increment();
        counter(SPILLED, reason).increment();
    }

    void dropped(String reason) {
        dropped.increment();
        counter(DROPPED, reason).increment();
    }

    long sent() {
        return sent.sum();
    }

    long spilled() {
        return spilled.sum();
    }

    long dropped() {
        return dropped.sum();
    }

    private Counter counter(String name, String reason) {
        return byReason.computeIfAbsent(name + '|' + reason, k -> Counter.builder(name)
                .description(name.equals(DROPPED) ? "Events lost" : "Events written to the spill file")
                .tags("service", service, "reason", reason)
                .register(registry));
    }
}
