package io.sluice.requestevents.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.consumer.Decoder;
import io.sluice.core.consumer.PoisonRecordException;
import io.sluice.core.json.Json;
import io.sluice.producer.Event;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the event envelope {@code {"event_id", "timestamp", "event_type", "data"}}. Poison (sent to the
 * dead-letter topic): a value that is not a JSON object, or has no non-empty string {@code event_type}. Everything
 * else is kept: a missing id or timestamp is filled in from the record, a missing {@code data} is empty.
 */
public final class EventDecoder implements Decoder<StoredEvent> {
    static final int MAX_ID_LENGTH = 200;

    @Override
    public StoredEvent decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null || record.value().length == 0) {
            throw new PoisonRecordException("event has no value");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(record.value());
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new PoisonRecordException("event is not valid JSON: " + why, e);
        }
        if (root == null || !root.isObject()) {
            throw new PoisonRecordException("event must be a JSON object");
        }
        JsonNode type = root.get("event_type");
        if (type == null || !type.isTextual() || type.textValue().isBlank()) {
            throw new PoisonRecordException("event_type must be a non-empty string");
        }
        JsonNode id = root.get("event_id");
        String eventId = id != null
                        && id.isTextual()
                        && !id.textValue().isBlank()
                        && id.textValue().length() <= MAX_ID_LENGTH
                ? id.textValue()
                : record.topic() + "-" + record.partition() + "@" + record.offset();
        JsonNode ts = root.get("timestamp");
        String timestamp = ts != null && ts.isTextual() && !ts.textValue().isBlank()
                ? ts.textValue()
                : Event.TIMESTAMP.format(Instant.ofEpochMilli(Math.max(0, record.timestamp())));
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            data = Json.mapper().createObjectNode();
        }
        return new StoredEvent(eventId, type.textValue(), timestamp, data);
    }
}
