package io.sluice.bench.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.consumer.Decoder;
import io.sluice.core.consumer.PoisonRecordException;
import io.sluice.core.json.Json;
import io.sluice.textwriter.MessageIds;
import io.sluice.textwriter.TextMessage;
import java.io.IOException;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A candidate for production, measured by {@code --decoder scan-ids}: the production {@code TextMessageDecoder} with
 * one change — an id is recognised as a canonical UUID by scanning its 36 characters instead of matching
 * {@code MessageIds}' regular expression (twice per record), which a JFR profile shows as half of the consumer
 * thread's CPU samples. Same accepted input, same errors, same ids.
 */
final class ScanningIdDecoder implements Decoder<TextMessage> {
    private static final int MAX_ID_LENGTH = 255;
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
        } catch (IOException e) {
            throw new PoisonRecordException("value could not be read: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new PoisonRecordException("value must be a JSON object, got " + kind(node));
        }
        String text = text(node.get("text"));
        String id = id(node.get("id"));
        if (id == null) {
            return new TextMessage(
                    MessageIds.forRecordPosition(record.topic(), record.partition(), record.offset()), text, null);
        }
        return isCanonicalUuid(id)
                ? new TextMessage(UUID.fromString(id), text, null)
                : new TextMessage(MessageIds.forProducerId(id), text, id);
    }

    /** The 8-4-4-4-12 hex form, as {@code MessageIds.isUuid}'s pattern, without a regular expression. */
    static boolean isCanonicalUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = (i == 8 || i == 13 || i == 18 || i == 23)
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
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
