package io.sluice.activity.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingestion API's meters, tagged {@code service=ingestion-service}; the producer's own ({@code sluice.events.*}:
 * sent, spilled, replayed, dropped, queue and spill sizes) sit beside them. Thread-safe.
 */
final class IngestionMetrics {
    /** Events answered as accepted (202, or accepted within a 207), duplicates included. */
    static final String ACCEPTED = "sluice.activity.ingest.accepted";
    /**
     * Events or requests refused. Tag reason: {@code invalid} (a missing or mistyped field), {@code malformed}
     * (not JSON), {@code too_large}, {@code too_many_events}. A 415 or 403 refused before the route (by the request
     * guard) shows in {@code sluice.http.server.requests} by status.
     */
    static final String REJECTED = "sluice.activity.ingest.rejected";
    /** Accepted events whose {@code event_id} was seen within the dedupe window: not produced again. */
    static final String DUPLICATES = "sluice.activity.ingest.duplicates";
    /** Accepted events that were spilled to disk (Kafka away) rather than acknowledged by Kafka. */
    static final String SPILLED = "sluice.activity.ingest.spilled";
    /** Events answered 503 because they could not be made safe. Tag reason: as {@code sluice.events.dropped}, or {@code timeout}. */
    static final String DROPPED = "sluice.activity.ingest.dropped";
    /** From the request's arrival to its answer. Tag endpoint: {@code events} or {@code batch}. */
    static final String LATENCY = "sluice.activity.ingest.latency";

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter spilled;
    private final Timer single;
    private final Timer batch;
    private final Map<String, Counter> byReason = new ConcurrentHashMap<>();

    IngestionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = counter(ACCEPTED, "Events accepted (202)").register(registry);
        this.duplicates = counter(DUPLICATES, "Accepted events not produced again (event_id seen)")
                .register(registry);
        this.spilled = counter(SPILLED, "Accepted events spilled to disk while Kafka was away")
                .register(registry);
        this.single = timer("events");
        this.batch = timer("batch");
        for (String reason : new String[] {"invalid", "malformed", "too_large"}) {
            rejected(reason, 0);
        }
        dropped("spill_full", 0);
    }

    void accepted(int n) {
        accepted.increment(n);
    }

    void duplicate() {
        duplicates.increment();
    }

    void spilled() {
        spilled.increment();
    }

    void rejected(String reason, int n) {
        byReason.computeIfAbsent(REJECTED + '|' + reason, k -> counter(REJECTED, "Events or requests refused")
                        .tag("reason", reason)
                        .register(registry))
                .increment(n);
    }

    void dropped(String reason, int n) {
        byReason.computeIfAbsent(DROPPED + '|' + reason, k -> counter(DROPPED, "Events answered 503: not made safe")
                        .tag("reason", reason)
                        .register(registry))
                .increment(n);
    }

    void latency(boolean isBatch, long startedNanos) {
        (isBatch ? batch : single).record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    private static Counter.Builder counter(String name, String description) {
        return Counter.builder(name).description(description).tag("service", IngestionConfig.SERVICE);
    }

    private Timer timer(String endpoint) {
        return Timer.builder(LATENCY)
                .description("From a request's arrival to its answer")
                .tags("service", IngestionConfig.SERVICE, "endpoint", endpoint)
                .publishPercentileHistogram()
                .register(registry);
    }
}
