package io.sluice.cdc;

import java.util.Map;

/**
 * What a change event's Connect schema says of one field: its {@code type} ({@code int64}, {@code bytes}, {@code
 * string}, …), its logical {@code name} ({@code org.apache.kafka.connect.data.Decimal}, {@code
 * io.debezium.time.MicroTimestamp}, …; null when it has none) and its parameters ({@code scale}, …).
 * {@link #UNKNOWN} stands for a field of an event sent without schemas.
 */
public record FieldSchema(String type, String name, Map<String, String> parameters) {
    public static final FieldSchema UNKNOWN = new FieldSchema(null, null, Map.of());

    public static final String DECIMAL = "org.apache.kafka.connect.data.Decimal";
    public static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";
    public static final String CONNECT_TIMESTAMP = "org.apache.kafka.connect.data.Timestamp";
    public static final String TIMESTAMP = "io.debezium.time.Timestamp";
    public static final String MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
    public static final String NANO_TIMESTAMP = "io.debezium.time.NanoTimestamp";
    public static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";

    public FieldSchema {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public boolean isKnown() {
        return type != null;
    }

    /** Whether the logical name is {@code name}. */
    public boolean is(String logicalName) {
        return logicalName.equals(name);
    }
}
