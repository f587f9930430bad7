package io.sluice.producer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.sluice.core.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An event as the original defines it (docs/origins.md#request-events-event-format) ({@code {"timestamp", "event_type", "data"}}), plus a unique {@code event_id}
 * that makes every copy of it recognisable: a spilled event replayed twice, or a record read again after a crash,
 * is stored once.
 *
 * @param topic where it goes
 * @param headers Kafka record headers (trace context)
 */
public record Event(
        String eventId,
        String eventType,
        Instant timestamp,
        Map<String, Object> data,
        String topic,
        Map<String, String> headers) {

    /** UTC, microseconds, trailing {@code Z}: {@code 2026-02-03T10:30:45.123456Z}. */
    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    public Event {
        data = data == null ? Map.of() : data;
        headers = headers == null ? Map.of() : headers;
    }

    /** A new event with a fresh id, timestamped now. */
    public static Event of(String eventType, Map<String, Object> data, String topic, Map<String, String> headers) {
        return new Event(newId(), eventType, Instant.now(), data, topic, headers);
    }

    /**
     * A time-ordered UUID (version 7: 48 bits of epoch milliseconds, then random bits). Random bits come from
     * {@link ThreadLocalRandom}: ids must be unique, not unguessable, and {@link UUID#randomUUID()} would put a
     * shared {@code SecureRandom} on every request's path.
     */
    public static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (System.currentTimeMillis() << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /**
     * The JSON value: {@code {"event_id", "timestamp", "event_type", "data"}}. Written with a streaming generator
     * (data's strings and numbers directly, anything else through the shared mapper): this runs for every event.
     */
    public byte[] toJson() {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(256);
                JsonGenerator g = Json.mapper().getFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("event_id", eventId);
            g.writeStringField("timestamp", TIMESTAMP.format(timestamp));
            g.writeStringField("event_type", eventType);
            g.writeObjectFieldStart("data");
            for (Map.Entry<String, Object> e : data.entrySet()) {
                g.writeFieldName(e.getKey());
                switch (e.getValue()) {
                    case null -> g.writeNull();
                    case String s -> g.writeString(s);
                    case Integer i -> g.writeNumber(i);
                    case Long l -> g.writeNumber(l);
                    case Double d -> g.writeNumber(d);
                    case Boolean b -> g.writeBoolean(b);
                    default -> g.writeObject(e.getValue());
                }
            }
            g.writeEndObject();
            g.writeEndObject();
            g.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "event " + eventId + " of type " + eventType + " is not serializable", e);
        }
    }

    public OutboundRecord toRecord() {
        return new OutboundRecord(topic, headers, toJson());
    }
}
