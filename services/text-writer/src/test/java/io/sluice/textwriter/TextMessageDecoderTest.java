package io.sluice.textwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.consumer.PoisonRecordException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextMessageDecoderTest {
    private final TextMessageDecoder decoder = new TextMessageDecoder();

    private static ConsumerRecord<byte[], byte[]> record(String value) {
        return new ConsumerRecord<>(
                "text-messages", 2, 41L, null, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_uuid_id_is_stored_as_is() {
        TextMessage m = decoder.decode(record("{\"id\":\"0b0e8a2e-6f7c-4a53-9b8e-1c2d3e4f5a6b\",\"text\":\"hi\"}"));
        assertThat(m.id()).isEqualTo(UUID.fromString("0b0e8a2e-6f7c-4a53-9b8e-1c2d3e4f5a6b"));
        assertThat(m.message()).isEqualTo("hi");
        assertThat(m.sourceId()).isNull();
    }

    @Test
    void the_originals_non_uuid_id_maps_to_a_name_based_uuid_and_is_kept() {
        TextMessage m = decoder.decode(record("{\"id\":\"test-123\",\"text\":\"Hello Kafka\",\"source\":\"cli\"}"));
        assertThat(m.id()).isEqualTo(MessageIds.forProducerId("test-123"));
        assertThat(m.sourceId()).isEqualTo("test-123");
    }

    @Test
    void a_record_without_id_gets_an_id_from_its_position() {
        TextMessage m = decoder.decode(record("{\"text\":\"no id\"}"));
        assertThat(m.id()).isEqualTo(MessageIds.forRecordPosition("text-messages", 2, 41));
        assertThat(m.sourceId()).isNull();
    }

    @Test
    void an_integer_id_is_read_as_its_text() {
        assertThat(decoder.decode(record("{\"id\":42,\"text\":\"x\"}")).sourceId())
                .isEqualTo("42");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json            | {not json                     | value is not valid JSON",
                "array               | [1,2]                         | value must be a JSON object, got array",
                "string              | \"hello\"                     | value must be a JSON object, got string",
                "missing text        | {\"id\":\"a\"}                | field 'text' is missing",
                "null text           | {\"text\":null}               | field 'text' is missing",
                "numeric text        | {\"text\":5}                  | field 'text' must be a string, got number",
                "empty text          | {\"text\":\"\"}               | field 'text' must not be empty",
                "blank text          | {\"text\":\"   \"}            | field 'text' must not be empty",
                "object id           | {\"id\":{},\"text\":\"x\"}    | field 'id' must be a string, got object",
                "empty id            | {\"id\":\"\",\"text\":\"x\"}  | field 'id' must not be empty",
                "nul in text         | {\"text\":\"a\\u0000b\"}      | field 'text' contains a NUL character",
            })
    void bad_values_are_poison_records_naming_the_problem(String name, String value, String message) {
        assertThatThrownBy(() -> decoder.decode(record(value)))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void an_empty_value_is_a_poison_record() {
        assertThatThrownBy(() -> decoder.decode(record(null)))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageStartingWith("value is empty");
    }
}
