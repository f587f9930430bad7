package io.sluice.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The prices float arithmetic gets wrong, exact in every encoding. */
class DecimalsTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final FieldSchema DECIMAL_10_2 =
            new FieldSchema("bytes", FieldSchema.DECIMAL, Map.of("scale", "2", "connect.decimal.precision", "10"));

    @ParameterizedTest
    @CsvSource({"29.99,C7c=", "1299.99,AfvP", "19.99,B88=", "0.29,HQ==", "4.35,AbM=", "0.00,AA==", "-12.50,+x4="})
    void exact_in_every_encoding(String expected, String base64) {
        BigDecimal want = new BigDecimal(expected);
        assertThat(decode(NODES.textNode(base64), DECIMAL_10_2)).isEqualTo(want);
        assertThat(decode(NODES.textNode(base64), FieldSchema.UNKNOWN))
                .as("schemaless base64")
                .isEqualTo(want);
        JsonNode variable = NODES.objectNode().put("scale", 2).put("value", base64);
        assertThat(decode(variable, new FieldSchema("struct", FieldSchema.VARIABLE_SCALE_DECIMAL, Map.of())))
                .isEqualTo(want);
        assertThat(decode(NODES.numberNode(new BigDecimal(expected)), FieldSchema.UNKNOWN))
                .isEqualTo(want);
        assertThat(decode(NODES.textNode(expected), new FieldSchema("string", null, Map.of())))
                .isEqualTo(want);
        assertThat(decode(NODES.textNode(expected), FieldSchema.UNKNOWN)).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource({"29.99", "1299.99", "19.99", "0.29", "4.35"})
    void the_schema_scale_is_used_not_a_fixed_two(String value) {
        BigDecimal v = new BigDecimal(value).setScale(4);
        String base64 =
                java.util.Base64.getEncoder().encodeToString(v.unscaledValue().toByteArray());
        FieldSchema scale4 = new FieldSchema("bytes", FieldSchema.DECIMAL, Map.of("scale", "4"));
        assertThat(decode(NODES.textNode(base64), scale4)).isEqualTo(v);
    }

    @ParameterizedTest
    @CsvSource({"null", "missing"})
    void null_and_missing_are_null(String which) {
        JsonNode v = which.equals("null") ? NODES.nullNode() : null;
        assertThat(decode(v, DECIMAL_10_2)).isNull();
    }

    private static BigDecimal decode(JsonNode v, FieldSchema s) {
        return Decimals.decode("t.price", v, s);
    }
}
