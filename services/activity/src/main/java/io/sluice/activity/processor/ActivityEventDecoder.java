package io.sluice.activity.processor;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.activity.EnrichedEvent;
import io.sluice.core.consumer.Decoder;
import io.sluice.core.consumer.PoisonRecordException;
import io.sluice.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes and validates {@link EnrichedEvent}s (snappy is the Kafka client's business). Required: {@code event_id},
 * {@code event_type}, {@code user_id} (non-blank strings) and {@code timestamp} (RFC 3339); optional: {@code
 * session_id}, {@code page_url} (strings), {@code corrected_timestamp} (RFC 3339), {@code event_data} (an object), the
 * info objects; unknown fields are tolerated. Identifiers are at most {@value #MAX_ID} characters and URLs
 * {@value #MAX_URL} (an index entry has a size limit, and a row PostgreSQL refuses for its size would otherwise stall
 * the loop), none holds a NUL character. Anything else is a {@link PoisonRecordException} naming the field, so the
 * record goes to the dead-letter topic. Stateless and thread-safe.
 */
final class ActivityEventDecoder implements Decoder<ActivityEvent> {
    static final int MAX_ID = 255;
    static final int MAX_URL = 4096;
    private static final ObjectMapper MAPPER = Json.mapper();

    @Override
    public ActivityEvent decode(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            throw new PoisonRecordException("value is empty; expected an EnrichedEvent JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(value);
        } catch (JacksonException e) {
            throw new PoisonRecordException("value is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PoisonRecordException("value could not be read: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new PoisonRecordException("value must be a JSON object, got " + kind(node));
        }
        required(node, "event_id", MAX_ID);
        required(node, "event_type", MAX_ID);
        required(node, "user_id", MAX_ID);
        optional(node, "session_id", MAX_ID);
        optional(node, "page_url", MAX_URL);
        optional(node, "request_id", MAX_ID);
        Instant timestamp = time(node, "timestamp", true);
        Instant corrected = time(node, "corrected_timestamp", false);
        JsonNode data = node.get("event_data");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw new PoisonRecordException("field 'event_data' must be an object, got " + kind(data));
        }
        EnrichedEvent event;
        try {
            event = MAPPER.treeToValue(node, EnrichedEvent.class);
        } catch (JacksonException e) {
            throw new PoisonRecordException("value is no EnrichedEvent: " + e.getOriginalMessage(), e);
        }
        return new ActivityEvent(
                event, corrected == null ? timestamp : corrected, new String(value, StandardCharsets.UTF_8));
    }

    private static void required(JsonNode node, String field, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new PoisonRecordException("field '" + field + "' is missing");
        }
        text(field, v, max);
    }

    private static void optional(JsonNode node, String field, int max) {
        JsonNode v = node.get(field);
        if (v != null && !v.isNull()) {
            text(field, v, max);
        }
    }

    private static String text(String field, JsonNode v, int max) {
        if (!v.isTextual()) {
            throw new PoisonRecordException("field '" + field + "' must be a string, got " + kind(v));
        }
        String s = v.textValue();
        if (s.isBlank()) {
            throw new PoisonRecordException("field '" + field + "' must not be blank");
        }
        if (s.length() > max) {
            throw new PoisonRecordException(
                    "field '" + field + "' is " + s.length() + " characters long; at most " + max + " are allowed");
        }
        if (s.indexOf('\0') >= 0) {
            throw new PoisonRecordException("field '" + field + "' contains a NUL character");
        }
        return s;
    }

    private static Instant time(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new PoisonRecordException("field '" + field + "' is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new PoisonRecordException("field '" + field + "' must be an RFC 3339 string, got " + kind(v));
        }
        Instant i = Rfc3339.parse(v.textValue());
        if (i == null) {
            throw new PoisonRecordException("field '" + field + "' must be an RFC 3339 date-time such as"
                    + " 2024-01-15T10:30:45Z, got '" + abbreviate(v.textValue()) + "'");
        }
        return i;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    static String kind(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
