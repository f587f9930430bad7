package io.sluice.activity.ingest;

import io.sluice.activity.EnrichedEvent;
import io.sluice.core.json.Json;
import io.sluice.producer.Delivery;
import io.sluice.producer.EventEmitter;
import io.sluice.producer.OutboundRecord;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Hands enriched events to the {@link EventEmitter}, keyed by {@code user_id} so that a user's events stay in one
 * partition in order, once per client {@code event_id} within the dedupe window. Thread-safe.
 */
final class EventPublisher {
    private final EventEmitter emitter;
    private final String topic;
    private final EventDeduplicator dedupe;

    /** An event's delivery, and whether an earlier request produced it. */
    record Published(CompletableFuture<Delivery> delivery, boolean duplicate) {}

    /** @param emitter null to produce nothing and answer as if Kafka acknowledged every event (the benchmark) */
    EventPublisher(EventEmitter emitter, String topic, EventDeduplicator dedupe) {
        this.emitter = emitter;
        this.topic = topic;
        this.dedupe = dedupe;
    }

    /**
     * @param clientEventId whether the client chose the {@code event_id} (only then can it come again)
     * @throws IllegalStateException if the event cannot be serialized (a bug)
     */
    Published publish(EnrichedEvent event, boolean clientEventId) {
        byte[] value = serialize(event);
        if (!clientEventId) {
            return new Published(send(event, value), false);
        }
        EventDeduplicator.Claim claim = dedupe.claim(event.eventId(), () -> send(event, value));
        return new Published(claim.delivery(), claim.duplicate());
    }

    private CompletableFuture<Delivery> send(EnrichedEvent event, byte[] value) {
        if (emitter == null) {
            return CompletableFuture.completedFuture(Delivery.SENT);
        }
        return emitter.send(
                new OutboundRecord(topic, event.userId().getBytes(StandardCharsets.UTF_8), java.util.Map.of(), value));
    }

    private static byte[] serialize(EnrichedEvent event) {
        try {
            return Json.mapper().writeValueAsBytes(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("event " + event.eventId() + " could not be serialized", e);
        }
    }
}
