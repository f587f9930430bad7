package io.sluice.activity.processor;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * RFC 3339 date-times ({@code 2024-01-15T10:30:45Z}, {@code 2024-01-15T10:30:45.123+02:00}): seconds required, an
 * offset required, {@code T}, {@code t} or a space between date and time; years 0001 to 9999 (what PostgreSQL's
 * {@code timestamptz} and the wire format share). Stateless.
 */
final class Rfc3339 {
    private static final Pattern SHAPE =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    private Rfc3339() {}

    /** The instant, or null when {@code text} is no RFC 3339 date-time. */
    static Instant parse(String text) {
        if (text == null || text.length() > 40 || !SHAPE.matcher(text).matches()) {
            return null;
        }
        String iso = text.substring(0, 10) + 'T' + text.substring(11).replace('z', 'Z');
        try {
            Instant i = OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
            return inRange(i) ? i : null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Whether PostgreSQL's {@code timestamptz} and the wire format can both hold {@code i}. */
    static boolean inRange(Instant i) {
        return !i.isBefore(MIN) && !i.isAfter(MAX);
    }

    private static final Instant MIN = Instant.parse("0001-01-02T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-30T23:59:59Z");
}
