package io.sluice.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sluice.core.consumer.PoisonRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes the value of a Debezium change event (JSON, with or without schemas) in either envelope, the same way for
 * events from the embedded {@code cdc-source} and from Debezium on Kafka Connect.
 *
 * <ul>
 *   <li><b>Flattened</b> ({@code ExtractNewRecordState}, what the originals deployed, docs/origins.md#cdc-consumers-debezium-event-format): a payload with {@code __op}. The
 *       table is {@code __source_table}, the commit time {@code __source_ts_ms}, the position {@code __lsn} (and
 *       {@code __source_sequence} when present). When {@code __deleted} is {@code "true"} or the operation is
 *       {@code d}, the columns are the row before (a delete); otherwise the row after. Fields starting with {@code
 *       __} are not columns.
 *   <li><b>Full</b>: {@code before}, {@code after}, {@code op} and {@code source} ({@code table}, {@code db}, {@code
 *       ts_ms}, {@code lsn}, {@code sequence}).
 *   <li><b>Tombstone</b> (a null or empty value): a {@link ChangeDecoding.Skip}.
 * </ul>
 *
 * Anything else (not JSON, neither envelope, an unknown operation, no row where one is needed) is a {@link
 * PoisonRecordException} whose message names the topic and what is wrong. The table falls back to the topic's last
 * segment ({@code dbserver1.public.products}) when the event does not name it. Stateless and thread-safe.
 */
public final class ChangeEventDecoder {
    /** Exact decimals: JSON numbers become BigDecimal, never double. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private static final String META = "__";

    /**
     * Decodes one Kafka value.
     *
     * @param topic the record's topic, for messages and as the table when the event names none
     * @param value the record's value; null or empty for a tombstone
     * @throws PoisonRecordException if the value is no Debezium change event
     */
    public ChangeDecoding decode(String topic, byte[] value) {
        if (value == null || value.length == 0) {
            return new ChangeDecoding.Skip("tombstone (null value) on " + topic);
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new PoisonRecordException("value on " + topic + " is not JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new PoisonRecordException("value on " + topic + " cannot be read: " + e.getMessage(), e);
        }
        return decode(topic, root);
    }

    /** {@link #decode(String, byte[])} for a value already read as text. */
    public ChangeDecoding decode(String topic, String value) {
        return decode(topic, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private ChangeDecoding decode(String topic, JsonNode root) {
        if (root == null || root.isNull()) {
            return new ChangeDecoding.Skip("tombstone (JSON null) on " + topic);
        }
        boolean withSchema = root.has("schema") && root.has("payload");
        JsonNode payload = withSchema ? root.get("payload") : root;
        JsonNode schema = withSchema ? root.get("schema") : null;
        if (payload == null || payload.isNull()) {
            return new ChangeDecoding.Skip("tombstone (null payload) on " + topic);
        }
        if (!payload.isObject()) {
            throw new PoisonRecordException("value on " + topic + " is not a change event: the payload is " + payload);
        }
        if (payload.has("__op")) {
            return new ChangeDecoding.Change(flattened(topic, payload, schema));
        }
        if (payload.has("op") && (payload.has("after") || payload.has("before"))) {
            return new ChangeDecoding.Change(full(topic, payload, schema));
        }
        throw new PoisonRecordException("value on " + topic + " is neither a flattened change event (no __op) nor a"
                + " Debezium envelope (op with before/after); fields: " + fieldNames(payload));
    }

    private static ChangeEvent flattened(String topic, JsonNode p, JsonNode schema) {
        Operation op = Operation.of(p.get("__op").asText());
        String table = text(p, "__source_table", tableOf(topic));
        Map<String, FieldSchema> fields = fieldSchemas(schema);
        Map<String, JsonNode> columns = new LinkedHashMap<>();
        p.properties().forEach(e -> {
            if (!e.getKey().startsWith(META)) {
                columns.put(e.getKey(), e.getValue());
            }
        });
        Row row = new Row(table, columns, fields);
        boolean deleted = op == Operation.DELETE || "true".equals(text(p, "__deleted", "false"));
        SourcePosition position = position(topic, p.get("__source_sequence"), p.get("__lsn"));
        return new ChangeEvent(
                table,
                op,
                deleted ? row : null,
                deleted ? null : row,
                Instant.ofEpochMilli(p.path("__source_ts_ms").asLong(0)),
                text(p, "__source_db", null),
                position,
                ChangeEvent.Envelope.FLATTENED);
    }

    private static ChangeEvent full(String topic, JsonNode p, JsonNode schema) {
        Operation op = Operation.of(p.get("op").asText());
        JsonNode source = p.path("source");
        String table = text(source, "table", tableOf(topic));
        Row before = row(table, p.get("before"), envelopeField(schema, "before"));
        Row after = row(table, p.get("after"), envelopeField(schema, "after"));
        if (after == null && (op == Operation.CREATE || op == Operation.UPDATE || op == Operation.READ)) {
            throw new PoisonRecordException("change event on " + topic + " with op " + op.code() + " has no after");
        }
        if (before == null && op == Operation.DELETE) {
            throw new PoisonRecordException("delete event on " + topic + " has no before");
        }
        long tsMs = source.path("ts_ms").asLong(p.path("ts_ms").asLong(0));
        return new ChangeEvent(
                table,
                op,
                before,
                after,
                Instant.ofEpochMilli(tsMs),
                text(source, "db", null),
                position(topic, source.get("sequence"), source.get("lsn")),
                ChangeEvent.Envelope.FULL);
    }

    private static Row row(String table, JsonNode image, Map<String, FieldSchema> fields) {
        if (image == null || image.isNull()) {
            return null;
        }
        Map<String, JsonNode> columns = new LinkedHashMap<>();
        image.properties().forEach(e -> columns.put(e.getKey(), e.getValue()));
        return new Row(table, columns, fields);
    }

    /**
     * The position from {@code sequence} (a JSON array in a string, {@code ["<commit>","<change>"]}, either may be
     * null) and {@code lsn}.
     */
    private static SourcePosition position(String topic, JsonNode sequence, JsonNode lsn) {
        long change = lsn != null && lsn.canConvertToLong() ? lsn.asLong() : 0;
        long commit = 0;
        if (sequence != null && sequence.isTextual()) {
            try {
                JsonNode parts = JSON.readTree(sequence.asText());
                if (parts.isArray() && parts.size() == 2) {
                    commit = lsnOf(parts.get(0));
                    change = change == 0 ? lsnOf(parts.get(1)) : change;
                }
            } catch (JsonProcessingException | NumberFormatException e) {
                throw new PoisonRecordException(
                        "change event on " + topic + " has an unreadable sequence " + sequence, e);
            }
        }
        return new SourcePosition(commit, change);
    }

    private static long lsnOf(JsonNode n) {
        if (n == null || n.isNull()) {
            return 0;
        }
        return n.isNumber() ? n.asLong() : Long.parseLong(n.asText());
    }

    /** The field schemas of a flat struct schema: field name to schema. */
    private static Map<String, FieldSchema> fieldSchemas(JsonNode structSchema) {
        Map<String, FieldSchema> out = new HashMap<>();
        if (structSchema == null || !structSchema.path("fields").isArray()) {
            return out;
        }
        for (JsonNode f : structSchema.get("fields")) {
            Map<String, String> params = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it =
                    f.path("parameters").properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            out.put(
                    f.path("field").asText(),
                    new FieldSchema(f.path("type").asText(null), f.path("name").asText(null), params));
        }
        return out;
    }

    /** The field schemas of the envelope's {@code before} or {@code after} struct. */
    private static Map<String, FieldSchema> envelopeField(JsonNode envelopeSchema, String name) {
        if (envelopeSchema != null) {
            for (JsonNode f : envelopeSchema.path("fields")) {
                if (name.equals(f.path("field").asText())) {
                    return fieldSchemas(f);
                }
            }
        }
        return Map.of();
    }

    private static String text(JsonNode node, String field, String defaultValue) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? defaultValue : v.asText();
    }

    /** {@code dbserver1.public.products} → {@code products}. */
    static String tableOf(String topic) {
        return topic.substring(topic.lastIndexOf('.') + 1);
    }

    private static String fieldNames(JsonNode payload) {
        StringBuilder b = new StringBuilder("[");
        payload.fieldNames()
                .forEachRemaining(n -> b.append(b.length() > 1 ? ", " : "").append(n));
        return b.append(']').toString();
    }
}
