package io.sluice.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sluice.core.consumer.PoisonRecordException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Instant AT = Instant.parse("2026-12-04T18:10:47.437026Z");

    @Test
    void micro_milli_and_nano_by_schema() {
        assertThat(decode(1796407847437026L, FieldSchema.MICRO_TIMESTAMP)).isEqualTo(AT);
        assertThat(decode(1796407847437L, FieldSchema.CONNECT_TIMESTAMP))
                .isEqualTo(Instant.parse("2026-12-04T18:10:47.437Z"));
        assertThat(decode(1796407847437L, FieldSchema.TIMESTAMP)).isEqualTo(Instant.parse("2026-12-04T18:10:47.437Z"));
        assertThat(decode(1796407847437026000L, FieldSchema.NANO_TIMESTAMP)).isEqualTo(AT);
    }

    @Test
    void without_a_schema_the_magnitude_tells_the_unit() {
        assertThat(decode(1796407847437026L, null)).isEqualTo(AT);
        assertThat(decode(1796407847437L, null)).isEqualTo(Instant.parse("2026-12-04T18:10:47.437Z"));
        assertThat(decode(1796407847437026000L, null)).isEqualTo(AT);
    }

    @Test
    void iso_strings_with_or_without_an_offset() {
        FieldSchema zoned = new FieldSchema("string", FieldSchema.ZONED_TIMESTAMP, Map.of());
        assertThat(Timestamps.decode("t.at", NODES.textNode("2026-12-04T18:10:47.437026Z"), zoned))
                .isEqualTo(AT);
        assertThat(Timestamps.decode("t.at", NODES.textNode("2026-12-04T19:10:47.437026+01:00"), zoned))
                .isEqualTo(AT);
        assertThat(Timestamps.decode("t.at", NODES.textNode("2026-12-04 18:10:47.437026"), FieldSchema.UNKNOWN))
                .isEqualTo(AT);
        assertThatThrownBy(() -> Timestamps.decode("t.at", NODES.textNode("yesterday"), FieldSchema.UNKNOWN))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("field 't.at': 'yesterday' is not an ISO-8601 timestamp");
    }

    @Test
    void before_1970_is_exact_too() {
        assertThat(decode(-1L, FieldSchema.MICRO_TIMESTAMP)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
    }

    private static Instant decode(long v, String logicalName) {
        FieldSchema s = logicalName == null ? FieldSchema.UNKNOWN : new FieldSchema("int64", logicalName, Map.of());
        return Timestamps.decode("t.at", NODES.numberNode(v), s);
    }
}
