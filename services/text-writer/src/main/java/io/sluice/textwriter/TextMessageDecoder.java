package io.sluice.textwriter;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.consumer.Decoder;
import io.sluice.core.consumer.PoisonRecordException;
import io.sluice.core.json.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes {@code {"id": "...", "text": "..."}} values of {@code text-messages}. Extra fields are ignored.
 *
 * <ul>
 *   <li>{@code text}: required, a non-blank string without NUL characters (PostgreSQL cannot store them).
 *   <li>{@code id}: optional; a UUID is kept, another non-empty string (or an integer) maps to a UUID v5, and a
 *       missing id is derived from the record's position (see {@link MessageIds}).
 * </ul>
 *
 * Anything else is a {@link PoisonRecordException} naming the field. Stateless and thread-safe.
 */
public final class TextMessageDecoder implements Decoder<TextMessage> {
    static final int MAX_ID_LENGTH = 255;
    private static final ObjectMapper MAPPER = Json.mapper();

    @Override
    public TextMessage decode(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            throw new PoisonRecordException("value is empty; expected a JSON object with a 'text' field");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(value);
        } catch (JacksonException e) {
            throw new PoisonRecordException("value is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new PoisonRecordException("value could not be read: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new PoisonRecordException("value must be a JSON object, got " + kind(node));
        }
        String text = text(node.get("text"));
        String originalId = id(node.get("id"));
        if (originalId == null) {
            return new TextMessage(
                    MessageIds.forRecordPosition(record.topic(), record.partition(), record.offset()), text, null);
        }
        boolean uuid = MessageIds.isUuid(originalId);
        return new TextMessage(MessageIds.forProducerId(originalId), text, uuid ? null : originalId);
    }

    private static String text(JsonNode text) {
        if (text == null || text.isNull()) {
            throw new PoisonRecordException("field 'text' is missing");
        }
        if (!text.isTextual()) {
            throw new PoisonRecordException("field 'text' must be a string, got " + kind(text));
        }
        String s = text.textValue();
        if (s.isBlank()) {
            throw new PoisonRecordException("field 'text' must not be empty");
        }
        if (s.indexOf('\0') >= 0) {
            throw new PoisonRecordException("field 'text' contains a NUL character, which PostgreSQL cannot store");
        }
        return s;
    }

    private static String id(JsonNode id) {
        if (id == null || id.isNull()) {
            return null;
        }
        String s;
        if (id.isTextual()) {
            s = id.textValue();
        } else if (id.isIntegralNumber()) {
            s = id.asText();
        } else {
            throw new PoisonRecordException("field 'id' must be a string, got " + kind(id));
        }
        if (s.isBlank()) {
            throw new PoisonRecordException("field 'id' must not be empty");
        }
        if (s.length() > MAX_ID_LENGTH) {
            throw new PoisonRecordException("field 'id' is longer than " + MAX_ID_LENGTH + " characters");
        }
        return s;
    }

    private static String kind(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase();
    }
}
