package io.sluice.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.consumer.PoisonRecordException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One image of a row (the row after the change, or before it), its columns typed by the event's schema. Getters
 * for a required column throw {@link PoisonRecordException} naming the table and column when it is missing or
 * mistyped; {@code optional...} getters return null for a missing or null column. Immutable.
 */
public final class Row {
    private final String table;
    private final Map<String, JsonNode> values;
    private final Map<String, FieldSchema> schema;

    Row(String table, Map<String, JsonNode> values, Map<String, FieldSchema> schema) {
        this.table = table;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.schema = Map.copyOf(schema);
    }

    /** The column names, in the event's order (Debezium's {@code __*} fields are not columns). */
    public Set<String> columns() {
        return values.keySet();
    }

    public boolean has(String column) {
        return values.containsKey(column);
    }

    /** The column's value as sent, or null when the row has no such column. */
    public JsonNode raw(String column) {
        return values.get(column);
    }

    /** What the schema says of the column ({@link FieldSchema#UNKNOWN} for an event without schemas). */
    public FieldSchema schema(String column) {
        return schema.getOrDefault(column, FieldSchema.UNKNOWN);
    }

    public long longValue(String column) {
        JsonNode v = required(column);
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                throw mistyped(column, v, "an integer");
            }
        }
        throw mistyped(column, v, "an integer");
    }

    public int intValue(String column) {
        long v = longValue(column);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw mistyped(column, raw(column), "a 32-bit integer");
        }
        return (int) v;
    }

    public String string(String column) {
        JsonNode v = required(column);
        if (!v.isValueNode()) {
            throw mistyped(column, v, "a string");
        }
        return v.asText();
    }

    public String optionalString(String column) {
        JsonNode v = values.get(column);
        return v == null || v.isNull() ? null : string(column);
    }

    /** An exact decimal in any of Debezium's encodings ({@link Decimals}). */
    public BigDecimal decimal(String column) {
        return Decimals.decode(where(column), required(column), schema(column));
    }

    public BigDecimal optionalDecimal(String column) {
        return Decimals.decode(where(column), values.get(column), schema(column));
    }

    /** An instant in any of Debezium's timestamp forms ({@link Timestamps}). */
    public Instant instant(String column) {
        return Timestamps.decode(where(column), required(column), schema(column));
    }

    public Instant optionalInstant(String column) {
        return Timestamps.decode(where(column), values.get(column), schema(column));
    }

    private JsonNode required(String column) {
        JsonNode v = values.get(column);
        if (v == null || v.isNull()) {
            throw new PoisonRecordException(
                    where(column) + " is " + (v == null ? "missing" : "null") + "; columns: " + values.keySet());
        }
        return v;
    }

    private PoisonRecordException mistyped(String column, JsonNode v, String expected) {
        return new PoisonRecordException(where(column) + " is " + v + ", not " + expected);
    }

    private String where(String column) {
        return table + "." + column;
    }

    @Override
    public String toString() {
        return table + values;
    }
}
