package io.sluice.activity.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.activity.EnrichedEvent;
import io.sluice.http.ApiException;
import io.sluice.http.JsonBody;
import io.sluice.producer.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns a client event into the {@link EnrichedEvent} produced to Kafka (issue 15 §1).
 *
 * <p>A client event has {@code event_type} and {@code user_id} (required, non-empty strings), and may have {@code
 * session_id}, {@code page_url} (strings), {@code event_data} (an object), {@code timestamp} and {@code sent_at} (RFC
 * 3339), {@code event_id} (a string, the idempotency key) and {@code client_info} (an object of strings {@code
 * user_agent}, {@code screen_resolution}, {@code language}). Other fields are ignored. A missing or mistyped field is
 * an {@link ApiException} 400 naming it ({@code {"error": "event_type is required", "field": "event_type"}}).
 *
 * <p>Enrichment: {@code event_id} the client's or a new UUID; {@code request_id} the request's; {@code timestamp}
 * the client's (normalised to UTC) or the receive time; {@code corrected_timestamp} = timestamp + (received_at −
 * sent_at) when the client sent both; {@code client_info} with {@code User-Agent} and the first {@code
 * Accept-Language} language unless given; {@code service_info}; {@code processing_info}. Timestamps are RFC 3339 in
 * UTC with {@code Z}. Stateless and thread-safe.
 */
final class EventEnricher {
    static final int MAX_EVENT_TYPE_LENGTH = 100;
    static final int MAX_ID_LENGTH = 256;
    static final String TIMESTAMP_FORMAT = " must be an RFC 3339 date-time, e.g. 2024-01-15T10:30:45Z";

    private final EnrichedEvent.ServiceInfo serviceInfo;
    private final Supplier<Instant> clock;

    EventEnricher(EnrichedEvent.ServiceInfo serviceInfo, Supplier<Instant> clock) {
        this.serviceInfo = serviceInfo;
        this.clock = clock;
    }

    /** @throws ApiException 400 naming the first missing or mistyped field */
    EnrichedEvent enrich(ObjectNode event, RequestInfo request) {
        String eventType =
                bounded(event, "event_type", JsonBody.requiredText(event, "event_type"), MAX_EVENT_TYPE_LENGTH);
        String userId = bounded(event, "user_id", JsonBody.requiredText(event, "user_id"), MAX_ID_LENGTH);
        String eventId = clientEventId(event).orElseGet(() -> Event.newId());
        String sessionId = JsonBody.optionalText(event, "session_id").orElse(null);
        String pageUrl = JsonBody.optionalText(event, "page_url").orElse(null);
        JsonNode eventData = JsonBody.optionalObject(event, "event_data").orElse(null);
        Instant timestamp = instant(event, "timestamp");
        Instant sentAt = instant(event, "sent_at");
        if (sentAt == null) {
            sentAt = request.sentAt();
        }
        ObjectNode client = JsonBody.optionalObject(event, "client_info").orElse(null);
        EnrichedEvent.ClientInfo clientInfo = new EnrichedEvent.ClientInfo(
                clientText(client, "user_agent").orElse(request.userAgent()),
                clientText(client, "screen_resolution").orElse(null),
                clientText(client, "language").orElseGet(() -> firstLanguage(request.acceptLanguage())));
        String corrected = timestamp != null && sentAt != null
                ? format(timestamp.plus(Duration.between(sentAt, request.receivedAt())))
                : null;
        Instant processedAt = clock.get();
        return new EnrichedEvent(
                eventId,
                request.requestId(),
                eventType,
                format(timestamp != null ? timestamp : request.receivedAt()),
                corrected,
                userId,
                sessionId,
                pageUrl,
                eventData,
                clientInfo,
                serviceInfo,
                new EnrichedEvent.ProcessingInfo(
                        format(request.receivedAt()),
                        format(processedAt),
                        Math.max(0, ChronoUnit.MILLIS.between(request.receivedAt(), processedAt))));
    }

    /** The client's {@code event_id}, when it is a non-empty string of at most 256 characters. */
    static Optional<String> clientEventId(ObjectNode event) {
        Optional<String> id = JsonBody.optionalText(event, "event_id");
        id.ifPresent(v -> bounded(event, "event_id", v, MAX_ID_LENGTH));
        return id;
    }

    /** RFC 3339 in UTC with {@code Z}, as many fraction digits as needed ({@code 2024-01-15T10:30:45.120Z}). */
    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /**
     * Parses an RFC 3339 date-time with its offset ({@code Z} or {@code +02:00}).
     *
     * @throws ApiException 400 naming {@code field}
     */
    static Instant parse(String field, String value) {
        try {
            return OffsetDateTime.parse(value.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badField(field, field + TIMESTAMP_FORMAT + ", got '" + value + "'");
        }
    }

    private static Instant instant(ObjectNode event, String field) {
        JsonNode node = event.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badField(field, field + TIMESTAMP_FORMAT);
        }
        return parse(field, node.textValue());
    }

    private static Optional<String> clientText(ObjectNode client, String field) {
        if (client == null) {
            return Optional.empty();
        }
        JsonNode node = client.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw ApiException.badField("client_info." + field, "client_info." + field + " must be a string");
        }
        return node.textValue().isBlank() ? Optional.empty() : Optional.of(node.textValue());
    }

    private static String bounded(ObjectNode event, String field, String value, int max) {
        if (value.length() > max) {
            throw ApiException.badField(field, field + " must be at most " + max + " characters");
        }
        return value;
    }

    /** The first language of an {@code Accept-Language} header ({@code en-US} of {@code en-US,en;q=0.9}), or null. */
    static String firstLanguage(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return null;
        }
        String first = acceptLanguage.split(",", 2)[0].split(";", 2)[0].trim();
        return first.isEmpty() || first.equals("*") ? null : first;
    }
}
