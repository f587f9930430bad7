package io.sluice.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The record value on {@code user-activity-events}: the seed's {@code EnrichedEvent} (SPEC.md §3.3), field names
 * exactly. The ingestion service writes it (snappy, keyed by {@code user_id}); the processor reads it. Unknown
 * fields are tolerated and absent ones are null; which fields must be present, and in which form, is the
 * processor's validation. Timestamps stay text (RFC 3339, UTC, e.g. {@code 2024-01-15T10:30:45Z}) so that a reader
 * can name a malformed one instead of failing the whole record.
 *
 * @param eventId {@code event_id}: the client's, or a new UUID; the idempotency key
 * @param requestId {@code request_id}: one per HTTP request (a batch shares it)
 * @param eventType {@code event_type}, e.g. {@code page_view}
 * @param timestamp {@code timestamp}: the client's event time, else the server's receive time
 * @param correctedTimestamp {@code corrected_timestamp}: the event time corrected by the client's clock skew
 *     (server receive time − client send time), when the client sent both its event and send times; else absent
 * @param userId {@code user_id}
 * @param sessionId {@code session_id}, or null
 * @param pageUrl {@code page_url}, or null
 * @param eventData {@code event_data}: a free-form JSON object, or null
 * @param clientInfo {@code client_info}
 * @param serviceInfo {@code service_info}
 * @param processingInfo {@code processing_info}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrichedEvent(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("event_type") String eventType,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("corrected_timestamp") String correctedTimestamp,
        @JsonProperty("user_id") String userId,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("page_url") String pageUrl,
        @JsonProperty("event_data") JsonNode eventData,
        @JsonProperty("client_info") ClientInfo clientInfo,
        @JsonProperty("service_info") ServiceInfo serviceInfo,
        @JsonProperty("processing_info") ProcessingInfo processingInfo) {

    /** The topic both services use unless configured otherwise. */
    public static final String TOPIC = "user-activity-events";

    /**
     * {@code client_info}.
     *
     * @param userAgent {@code user_agent}: the client's, else the request's {@code User-Agent}
     * @param screenResolution {@code screen_resolution}, e.g. {@code 1920x1080}
     * @param language {@code language}: the client's, else the first of {@code Accept-Language}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClientInfo(
            @JsonProperty("user_agent") String userAgent,
            @JsonProperty("screen_resolution") String screenResolution,
            @JsonProperty("language") String language) {}

    /**
     * {@code service_info}.
     *
     * @param serviceName {@code service_name}: {@code ingestion-service}
     * @param serviceVersion {@code service_version}
     * @param environment {@code environment}: {@code ENVIRONMENT}, e.g. {@code development}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceInfo(
            @JsonProperty("service_name") String serviceName,
            @JsonProperty("service_version") String serviceVersion,
            @JsonProperty("environment") String environment) {}

    /**
     * {@code processing_info}.
     *
     * @param receivedAt {@code received_at}: when the request arrived (RFC 3339)
     * @param processedAt {@code processed_at}: when the event was enriched (RFC 3339)
     * @param processingMs {@code processing_ms}: milliseconds between the two
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProcessingInfo(
            @JsonProperty("received_at") String receivedAt,
            @JsonProperty("processed_at") String processedAt,
            @JsonProperty("processing_ms") Long processingMs) {}
}
