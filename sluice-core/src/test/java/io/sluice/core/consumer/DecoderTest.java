package io.sluice.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DecoderTest {

    private static ConsumerRecord<byte[], byte[]> record(String topic, String value) {
        return new ConsumerRecord<>(topic, 0, 7, null, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_plain_decoder_wraps_its_value() {
        Decoder<String> d = r -> new String(r.value(), StandardCharsets.UTF_8);
        assertThat(d.decodeOrSkip(record("t", "x"))).isEqualTo(Decoding.value("x"));
    }

    @Test
    void a_null_result_is_a_poison_record_that_names_the_record_and_the_fix() {
        Decoder<String> d = r -> null;
        assertThatThrownBy(() -> d.decodeOrSkip(record("t", "x")))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("returned null for t-0@7")
                .hasMessageContaining("return Decoding.skip(reason) to skip a record");
    }

    @Test
    void a_skipping_decoder_skips_and_its_plain_decode_refuses_a_skipped_record() {
        Decoder<String> d = Decoder.skipping(r -> r.value() == null ? Decoding.skip("tombstone") : Decoding.value("v"));
        assertThat(d.decodeOrSkip(record("t", null))).isEqualTo(Decoding.skip("tombstone"));
        assertThat(d.decode(record("t", "x"))).isEqualTo("v");
        assertThatThrownBy(() -> d.decode(record("t", null)))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("t-0@7 is skipped (tombstone)");
    }

    @Test
    void a_skipping_decoder_that_returns_null_is_a_poison_record() {
        Decoder<String> d = Decoder.skipping(r -> null);
        assertThatThrownBy(() -> d.decodeOrSkip(record("t", "x")))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("returned null for t-0@7");
    }

    @Test
    void a_value_cannot_be_null() {
        assertThatThrownBy(() -> Decoding.value(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void by_topic_dispatches_on_the_record_topic_and_rejects_an_unknown_topic() {
        Decoder<Object> d = Decoder.byTopic(Map.of(
                "numbers",
                (Decoder<Integer>) r -> Integer.valueOf(new String(r.value(), StandardCharsets.UTF_8)),
                "words",
                Decoder.<String>skipping(r -> Decoding.skip("heartbeat"))));
        assertThat(d.decodeOrSkip(record("numbers", "42"))).isEqualTo(Decoding.value(42));
        assertThat(d.decodeOrSkip(record("words", "hi"))).isEqualTo(Decoding.skip("heartbeat"));
        assertThatThrownBy(() -> d.decodeOrSkip(record("other", "x")))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageStartingWith("no decoder for topic other; this loop decodes");
    }
}
