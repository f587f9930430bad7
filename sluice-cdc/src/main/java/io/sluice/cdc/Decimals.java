package io.sluice.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.consumer.PoisonRecordException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Exact decimals from every encoding Debezium uses ({@code decimal.handling.mode}), never through a double.
 *
 * <ul>
 *   <li>{@code precise} (the default) for {@code DECIMAL(p,s)}: a base64 string of the big-endian two's-complement
 *       unscaled value, the scale in the schema's {@code parameters.scale} ({@code "C7c="} with scale 2 is 29.99);
 *   <li>{@code precise} for an unconstrained {@code NUMERIC}: a {@code VariableScaleDecimal} object {@code
 *       {"scale":2,"value":"C7c="}};
 *   <li>{@code double}: a JSON number, read from its text (the event is parsed with exact decimals);
 *   <li>{@code string}: a string such as {@code "29.99"}.
 * </ul>
 *
 * Without a schema (an event sent with {@code schemas.enable=false}), a string that reads as a decimal number is
 * one, and any other string is base64 with scale 2, the original's only decimal type ({@code DECIMAL(10,2)}). Stateless.
 */
public final class Decimals {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final int SCHEMALESS_SCALE = 2;

    private Decimals() {}

    /**
     * The value, or null for a JSON null or a missing value.
     *
     * @throws PoisonRecordException naming {@code field} when the value is no decimal in any encoding
     */
    public static BigDecimal decode(String field, JsonNode value, FieldSchema schema) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isObject()) {
            JsonNode scale = value.get("scale");
            JsonNode unscaled = value.get("value");
            if (scale == null || !scale.canConvertToInt() || unscaled == null || !unscaled.isTextual()) {
                throw bad(field, value, "a VariableScaleDecimal needs an int scale and a base64 value");
            }
            return fromBase64(field, unscaled.asText(), scale.asInt());
        }
        if (!value.isTextual()) {
            throw bad(field, value, "expected a number, a string or a {scale, value} object");
        }
        String text = value.asText();
        if (schema.is(FieldSchema.DECIMAL)) {
            String scale = schema.parameters().get("scale");
            return fromBase64(field, text, scale == null ? SCHEMALESS_SCALE : parseScale(field, scale));
        }
        if ("string".equals(schema.type())
                || (!schema.isKnown() && NUMBER.matcher(text).matches())) {
            try {
                return new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                throw bad(field, value, "not a decimal number");
            }
        }
        return fromBase64(field, text, SCHEMALESS_SCALE);
    }

    /** {@code BigDecimal(new BigInteger(base64 bytes), scale)}: Connect's {@code Decimal} encoding. */
    public static BigDecimal fromBase64(String field, String base64, int scale) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException(
                    "field '" + field + "': '" + base64 + "' is neither a decimal number nor base64", e);
        }
        if (bytes.length == 0) {
            throw new PoisonRecordException("field '" + field + "': an empty base64 decimal");
        }
        return new BigDecimal(new BigInteger(bytes), scale);
    }

    private static int parseScale(String field, String scale) {
        try {
            return Integer.parseInt(scale);
        } catch (NumberFormatException e) {
            throw new PoisonRecordException("field '" + field + "': the schema's scale '" + scale + "' is no integer");
        }
    }

    private static PoisonRecordException bad(String field, JsonNode value, String why) {
        return new PoisonRecordException("field '" + field + "': " + value + " is not a decimal (" + why + ")");
    }
}
