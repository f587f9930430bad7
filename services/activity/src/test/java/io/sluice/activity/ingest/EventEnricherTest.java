package io.sluice.activity.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.activity.EnrichedEvent;
import io.sluice.core.json.Json;
import io.sluice.http.ApiException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventEnricherTest {
    private static final Instant RECEIVED = Instant.parse("2024-01-15T10:30:45.100Z");
    private static final Instant PROCESSED = Instant.parse("2024-01-15T10:30:45.103Z");
    private static final EnrichedEvent.ServiceInfo SERVICE =
            new EnrichedEvent.ServiceInfo("ingestion-service", "1.2.3", "production");

    private final EventEnricher enricher = new EventEnricher(SERVICE, () -> PROCESSED);

    private static ObjectNode event(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static RequestInfo request(Instant sentAt) {
        return new RequestInfo("req-1", RECEIVED, "Mozilla/5.0", "de-CH,de;q=0.9,en;q=0.8", sentAt);
    }

    @Test
    void a_full_client_event_is_enriched_with_the_seeds_fields_and_its_own_values_kept() {
        EnrichedEvent e = enricher.enrich(
                event(
                        """
                        {"event_id":"e-1","event_type":"page_view","user_id":"user-123","session_id":"session-456",
                         "page_url":"https://shop.example/p/1","event_data":{"button":"submit","form":{"a":1}},
                         "timestamp":"2024-01-15T12:30:40+02:00",
                         "client_info":{"user_agent":"curl/8","screen_resolution":"1920x1080","language":"fr"},
                         "unknown":"ignored"}"""),
                request(null));

        assertThat(e.eventId()).isEqualTo("e-1");
        assertThat(e.requestId()).isEqualTo("req-1");
        assertThat(e.eventType()).isEqualTo("page_view");
        assertThat(e.userId()).isEqualTo("user-123");
        assertThat(e.sessionId()).isEqualTo("session-456");
        assertThat(e.pageUrl()).isEqualTo("https://shop.example/p/1");
        assertThat(e.eventData()).isEqualTo(event("{\"button\":\"submit\",\"form\":{\"a\":1}}"));
        assertThat(e.timestamp()).isEqualTo("2024-01-15T10:30:40Z");
        assertThat(e.correctedTimestamp()).isNull();
        assertThat(e.clientInfo()).isEqualTo(new EnrichedEvent.ClientInfo("curl/8", "1920x1080", "fr"));
        assertThat(e.serviceInfo()).isEqualTo(SERVICE);
        assertThat(e.processingInfo())
                .isEqualTo(
                        new EnrichedEvent.ProcessingInfo("2024-01-15T10:30:45.100Z", "2024-01-15T10:30:45.103Z", 3L));
    }

    @Test
    void without_a_client_timestamp_or_id_the_server_time_and_a_new_uuid_are_used_and_headers_fill_client_info() {
        EnrichedEvent e = enricher.enrich(event("{\"event_type\":\"click\",\"user_id\":\"u1\"}"), request(null));

        assertThat(e.eventId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(e.timestamp()).isEqualTo("2024-01-15T10:30:45.100Z");
        assertThat(e.clientInfo()).isEqualTo(new EnrichedEvent.ClientInfo("Mozilla/5.0", null, "de-CH"));
        assertThat(e.sessionId()).isNull();
        assertThat(e.eventData()).isNull();
    }

    @Test
    void the_clock_skew_correction_adds_receive_minus_send_time_to_the_event_time() {
        // The client's clock is 10 s behind: it sent at 10:30:35.100 by its clock, the server got it at 10:30:45.100.
        EnrichedEvent e = enricher.enrich(
                event(
                        """
                        {"event_type":"click","user_id":"u1","timestamp":"2024-01-15T10:30:30Z",
                         "sent_at":"2024-01-15T10:30:35.100Z"}"""),
                request(null));

        assertThat(e.timestamp()).isEqualTo("2024-01-15T10:30:30Z");
        assertThat(e.correctedTimestamp()).isEqualTo("2024-01-15T10:30:40Z");
    }

    @Test
    void a_batchs_sent_at_corrects_its_events_unless_an_event_has_its_own() {
        RequestInfo batch = request(Instant.parse("2024-01-15T10:30:44.100Z"));

        EnrichedEvent inherits = enricher.enrich(
                event("{\"event_type\":\"a\",\"user_id\":\"u1\",\"timestamp\":\"2024-01-15T10:00:00Z\"}"), batch);
        EnrichedEvent own = enricher.enrich(
                event("{\"event_type\":\"a\",\"user_id\":\"u1\",\"timestamp\":\"2024-01-15T10:00:00Z\","
                        + "\"sent_at\":\"2024-01-15T10:30:45.100Z\"}"),
                batch);

        assertThat(inherits.correctedTimestamp()).isEqualTo("2024-01-15T10:00:01Z");
        assertThat(own.correctedTimestamp()).isEqualTo("2024-01-15T10:00:00Z");
    }

    @Test
    void a_serialized_event_uses_the_seeds_field_names_and_leaves_absent_ones_out() throws Exception {
        EnrichedEvent e = enricher.enrich(
                event("{\"event_id\":\"e-1\",\"event_type\":\"click\",\"user_id\":\"u1\"}"),
                new RequestInfo("req-1", RECEIVED, null, null, null));

        assertThat(Json.mapper().readTree(Json.mapper().writeValueAsBytes(e)))
                .isEqualTo(Json.mapper()
                        .valueToTree(Map.of(
                                "event_id", "e-1",
                                "request_id", "req-1",
                                "event_type", "click",
                                "timestamp", "2024-01-15T10:30:45.100Z",
                                "user_id", "u1",
                                "client_info", Map.of(),
                                "service_info",
                                        Map.of(
                                                "service_name", "ingestion-service",
                                                "service_version", "1.2.3",
                                                "environment", "production"),
                                "processing_info",
                                        Map.of(
                                                "received_at", "2024-01-15T10:30:45.100Z",
                                                "processed_at", "2024-01-15T10:30:45.103Z",
                                                "processing_ms", 3))));
    }

    @Test
    void each_missing_or_mistyped_field_is_a_400_naming_it() {
        assertBad("{\"user_id\":\"u1\"}", "event_type", "event_type is required");
        assertBad("{\"event_type\":\"  \",\"user_id\":\"u1\"}", "event_type", "event_type is required");
        assertBad("{\"event_type\":7,\"user_id\":\"u1\"}", "event_type", "event_type must be a string");
        assertBad("{\"event_type\":\"a\"}", "user_id", "user_id is required");
        assertBad("{\"event_type\":\"a\",\"user_id\":42}", "user_id", "user_id must be a string");
        assertBad(
                "{\"event_type\":\"a\",\"user_id\":\"u\",\"session_id\":1}",
                "session_id",
                "session_id must be a non-empty string");
        assertBad(
                "{\"event_type\":\"a\",\"user_id\":\"u\",\"page_url\":[]}",
                "page_url",
                "page_url must be a non-empty string");
        assertBad(
                "{\"event_type\":\"a\",\"user_id\":\"u\",\"event_data\":\"x\"}",
                "event_data",
                "event_data must be a JSON object");
        assertBad(
                "{\"event_type\":\"a\",\"user_id\":\"u\",\"event_id\":5}",
                "event_id",
                "event_id must be a non-empty string");
        assertBad(
                "{\"event_type\":\"a\",\"user_id\":\"u\",\"timestamp\":\"yesterday\"}",
                "timestamp",
                "timestamp must be an RFC 3339 date-time, e.g. 2024-01-15T10:30:45Z, got 'yesterday'");
        assertBad(
                "{\"event_type\":\"a\",\"user_id\":\"u\",\"timestamp\":1705314645}",
                "timestamp",
                "timestamp must be an RFC 3339 date-time, e.g. 2024-01-15T10:30:45Z");
        assertBad(
                "{\"event_type\":\"a\",\"user_id\":\"u\",\"sent_at\":\"2024-01-15\"}",
                "sent_at",
                "sent_at must be an RFC 3339 date-time, e.g. 2024-01-15T10:30:45Z, got '2024-01-15'");
        assertBad(
                "{\"event_type\":\"a\",\"user_id\":\"u\",\"client_info\":\"x\"}",
                "client_info",
                "client_info must be a JSON object");
        assertBad(
                "{\"event_type\":\"a\",\"user_id\":\"u\",\"client_info\":{\"language\":1}}",
                "client_info.language",
                "client_info.language must be a string");
        assertBad(
                "{\"event_type\":\"" + "x".repeat(101) + "\",\"user_id\":\"u\"}",
                "event_type",
                "event_type must be at most 100 characters");
    }

    @Test
    void the_first_accept_language_is_the_language() {
        assertThat(EventEnricher.firstLanguage("en-US,en;q=0.9")).isEqualTo("en-US");
        assertThat(EventEnricher.firstLanguage("fr;q=0.8")).isEqualTo("fr");
        assertThat(EventEnricher.firstLanguage("*")).isNull();
        assertThat(EventEnricher.firstLanguage(" ")).isNull();
        assertThat(EventEnricher.firstLanguage(null)).isNull();
    }

    private void assertBad(String json, String field, String message) {
        assertThatThrownBy(() -> enricher.enrich(event(json), request(null)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.body()).isEqualTo(Map.of("error", message, "field", field));
                });
    }
}
