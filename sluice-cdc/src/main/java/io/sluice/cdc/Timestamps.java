package io.sluice.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.consumer.PoisonRecordException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Instants from every form Debezium gives a timestamp ({@code time.precision.mode}).
 *
 * <ul>
 *   <li>{@code io.debezium.time.MicroTimestamp} ({@code TIMESTAMP} in the default {@code adaptive} mode): epoch
 *       microseconds; {@code NanoTimestamp}: nanoseconds;
 *   <li>{@code io.debezium.time.Timestamp} and Connect's {@code Timestamp} ({@code connect} mode): milliseconds;
 *   <li>{@code io.debezium.time.ZonedTimestamp} ({@code TIMESTAMPTZ}): an ISO-8601 string with an offset.
 * </ul>
 *
 * A {@code TIMESTAMP} (no time zone) is read as UTC, as Debezium does. Without a schema, a number is taken by its
 * magnitude (from 10^17 nanoseconds, from 10^14 microseconds, else milliseconds: unambiguous for years 1973-5138,
 * unlike the original's 10^12, which read today's milliseconds as microseconds), and a string as ISO-8601, with or
 * without an offset. Stateless.
 */
public final class Timestamps {
    private Timestamps() {}

    /**
     * The instant, or null for a JSON null or a missing value.
     *
     * @throws PoisonRecordException naming {@code field} when the value is no timestamp
     */
    public static Instant decode(String field, JsonNode value, FieldSchema schema) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            long v = value.asLong();
            if (schema.is(FieldSchema.MICRO_TIMESTAMP)) {
                return micros(v);
            }
            if (schema.is(FieldSchema.NANO_TIMESTAMP)) {
                return nanos(v);
            }
            if (schema.is(FieldSchema.TIMESTAMP) || schema.is(FieldSchema.CONNECT_TIMESTAMP)) {
                return Instant.ofEpochMilli(v);
            }
            long magnitude = Math.abs(v);
            return magnitude >= 100_000_000_000_000_000L
                    ? nanos(v)
                    : magnitude >= 100_000_000_000_000L ? micros(v) : Instant.ofEpochMilli(v);
        }
        if (value.isTextual()) {
            return parse(field, value.asText());
        }
        throw new PoisonRecordException("field '" + field + "': " + value + " is not a timestamp");
    }

    private static Instant micros(long v) {
        return Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1_000L);
    }

    private static Instant nanos(long v) {
        return Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
    }

    private static Instant parse(String field, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withOffset) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new PoisonRecordException(
                        "field '" + field + "': '" + text + "' is not an ISO-8601 timestamp", e);
            }
        }
    }
}
