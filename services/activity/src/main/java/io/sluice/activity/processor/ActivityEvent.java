package io.sluice.activity.processor;

import io.sluice.activity.EnrichedEvent;
import java.time.Instant;

/**
 * A validated {@link EnrichedEvent} as the processor stores it.
 *
 * @param eventTime when it happened: {@code corrected_timestamp} when the ingestion corrected the client's clock,
 *     else {@code timestamp}; what sessions, first/last seen and the per-minute counts use
 * @param json the record's value as received (unknown fields included), stored as {@code jsonb}
 */
record ActivityEvent(EnrichedEvent event, Instant eventTime, String json) {

    String eventId() {
        return event.eventId();
    }

    String eventType() {
        return event.eventType();
    }

    String userId() {
        return event.userId();
    }

    String sessionId() {
        return event.sessionId();
    }

    String pageUrl() {
        return event.pageUrl();
    }
}
