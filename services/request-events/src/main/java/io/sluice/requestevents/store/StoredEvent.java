package io.sluice.requestevents.store;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event read from Kafka, ready to be stored.
 *
 * @param eventId the producer's {@code event_id}, or {@code <topic>-<partition>@<offset>} for events without one
 *     (from producers that predate ids): stable across re-reads either way
 * @param eventType routes the event to its table
 * @param eventTimestamp the event's own timestamp as sent, or the Kafka record's, ISO-8601 UTC
 * @param data the event's {@code data} (an empty object when absent)
 */
public record StoredEvent(String eventId, String eventType, String eventTimestamp, JsonNode data) {}
