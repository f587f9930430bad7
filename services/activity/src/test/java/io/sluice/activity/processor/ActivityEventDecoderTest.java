package io.sluice.activity.processor;

import static io.sluice.activity.processor.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.consumer.PoisonRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ActivityEventDecoderTest {
    private final ActivityEventDecoder decoder = new ActivityEventDecoder();

    private ActivityEvent decode(String json) {
        return decoder.decode(new ConsumerRecord<>("t", 0, 0, null, json.getBytes(StandardCharsets.UTF_8)));
    }

    private void rejects(String json, String message) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage(message);
    }

    @Test
    void a_full_event_decodes_with_unknown_fields_tolerated() {
        String json = event("e1", "page_view", "u1", "s1", "https://x/a", "2024-01-15T10:30:45Z")
                .replace("{\"event_id\"", "{\"future_field\":{\"a\":1},\"event_id\"");
        ActivityEvent e = decode(json);
        assertThat(e.eventId()).isEqualTo("e1");
        assertThat(e.sessionId()).isEqualTo("s1");
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2024-01-15T10:30:45Z"));
        assertThat(e.event().clientInfo().language()).isEqualTo("en-US");
        assertThat(e.event().processingInfo().processingMs()).isEqualTo(5);
        assertThat(e.json()).isEqualTo(json);
    }

    @Test
    void the_corrected_timestamp_is_the_event_time_when_present() {
        String json = event("e1", "click", "u1", null, null, "2024-01-15T10:30:45Z")
                .replace("{\"event_id\"", "{\"corrected_timestamp\":\"2024-01-15T10:30:40.5+00:00\",\"event_id\"");
        assertThat(decode(json).eventTime()).isEqualTo(Instant.parse("2024-01-15T10:30:40.500Z"));
    }

    @Test
    void a_minimal_event_needs_only_the_four_required_fields() {
        ActivityEvent e = decode(
                "{\"event_id\":\"e\",\"event_type\":\"t\",\"user_id\":\"u\",\"timestamp\":\"2024-01-15T10:30:45Z\"}");
        assertThat(e.sessionId()).isNull();
        assertThat(e.event().eventData()).isNull();
    }

    @Test
    void each_bad_field_is_named() {
        String ok = "\"event_type\":\"t\",\"user_id\":\"u\",\"timestamp\":\"2024-01-15T10:30:45Z\"";
        rejects("", "value is empty; expected an EnrichedEvent JSON object");
        rejects("[1]", "value must be a JSON object, got an array");
        rejects("{" + ok + "}", "field 'event_id' is missing");
        rejects("{\"event_id\":5," + ok + "}", "field 'event_id' must be a string, got a number");
        rejects("{\"event_id\":\" \"," + ok + "}", "field 'event_id' must not be blank");
        rejects(
                "{\"event_id\":\"" + "x".repeat(256) + "\"," + ok + "}",
                "field 'event_id' is 256 characters long; at most 255 are allowed");
        rejects("{\"event_id\":\"a\\u0000b\"," + ok + "}", "field 'event_id' contains a NUL character");
        rejects("{\"event_id\":\"e\",\"event_type\":\"t\",\"user_id\":\"u\"}", "field 'timestamp' is missing");
        rejects(
                "{\"event_id\":\"e\",\"event_type\":\"t\",\"user_id\":\"u\",\"timestamp\":\"2024-01-15T10:30Z\"}",
                "field 'timestamp' must be an RFC 3339 date-time such as 2024-01-15T10:30:45Z, got '2024-01-15T10:30Z'");
        rejects(
                "{\"event_id\":\"e\",\"session_id\":[]," + ok + "}",
                "field 'session_id' must be a string, got an array");
        rejects(
                "{\"event_id\":\"e\",\"event_data\":\"x\"," + ok + "}",
                "field 'event_data' must be an object, got a string");
        assertThatThrownBy(() -> decode("{\"event_id\":\"e\",\"client_info\":\"x\"," + ok + "}"))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageStartingWith("value is no EnrichedEvent: ");
    }

    @Test
    void rfc_3339_needs_seconds_and_an_offset_within_years_1_to_9999() {
        assertThat(Rfc3339.parse("2024-01-15t10:30:45.123456789z"))
                .isEqualTo(Instant.parse("2024-01-15T10:30:45.123456789Z"));
        assertThat(Rfc3339.parse("2024-01-15 10:30:45-05:00")).isEqualTo(Instant.parse("2024-01-15T15:30:45Z"));
        assertThat(Rfc3339.parse("2024-01-15T10:30:45")).isNull();
        assertThat(Rfc3339.parse("2024-02-30T10:30:45Z")).isNull();
        assertThat(Rfc3339.parse("0000-01-01T00:00:00Z")).isNull();
        assertThat(Rfc3339.parse("+12024-01-15T10:30:45Z")).isNull();
    }
}
