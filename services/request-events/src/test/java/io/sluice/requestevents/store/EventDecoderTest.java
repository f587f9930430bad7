package io.sluice.requestevents.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.consumer.PoisonRecordException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventDecoderTest {
    private final EventDecoder decoder = new EventDecoder();

    private static ConsumerRecord<byte[], byte[]> record(String value) {
        return new ConsumerRecord<>(
                "events", 2, 41, null, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_full_envelope_is_read_as_sent() {
        StoredEvent e = decoder.decode(record(
                "{\"event_id\":\"id-1\",\"timestamp\":\"2026-02-03T10:30:45.123456Z\",\"event_type\":\"http_request\","
                        + "\"data\":{\"user_ip\":\"1.2.3.4\"}}"));

        assertThat(e.eventId()).isEqualTo("id-1");
        assertThat(e.eventType()).isEqualTo("http_request");
        assertThat(e.eventTimestamp()).isEqualTo("2026-02-03T10:30:45.123456Z");
        assertThat(e.data().path("user_ip").asText()).isEqualTo("1.2.3.4");
    }

    @Test
    void an_event_from_a_producer_without_ids_gets_one_from_its_position_and_empty_data() {
        StoredEvent e = decoder.decode(record("{\"event_type\":\"custom_event\"}"));

        assertThat(e.eventId()).isEqualTo("events-2@41");
        assertThat(e.data().isObject()).isTrue();
        assertThat(e.data().isEmpty()).isTrue();
        assertThat(e.eventTimestamp()).endsWith("Z");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json | event is not valid JSON",
                "{\"event_type\": | event is not valid JSON",
                "[1,2] | event must be a JSON object",
                "\"text\" | event must be a JSON object",
                "{\"data\":{}} | event_type must be a non-empty string",
                "{\"event_type\":42} | event_type must be a non-empty string",
                "{\"event_type\":\"  \"} | event_type must be a non-empty string",
            })
    void a_malformed_event_is_a_poison_record(String value, String message) {
        assertThatThrownBy(() -> decoder.decode(record(value)))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void an_empty_value_is_a_poison_record() {
        assertThatThrownBy(() -> decoder.decode(record(null)))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("event has no value");
    }
}
