package io.sluice.dlq;

import io.sluice.core.consumer.DeadLetterPublisher;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Which dead letters to list or replay; every part optional ({@code null}: any).
 *
 * @param topic a {@code *.dlq} topic or its source topic ({@code text-messages} and {@code text-messages.dlq} are the
 *     same filter)
 * @param since dead-lettered at or after this time
 * @param error a substring of the error class or message, ignoring case
 * @param status the status
 */
public record DeadLetterFilter(String topic, Instant since, String error, DeadLetterStatus status) {
    public static final DeadLetterFilter ALL = new DeadLetterFilter(null, null, null, null);

    public DeadLetterFilter {
        topic = blankToNull(topic);
        error = blankToNull(error);
    }

    /** The {@code *.dlq} topic this filter reads, or {@code null} for all of them. */
    public String dlqTopic() {
        if (topic == null) {
            return null;
        }
        return topic.endsWith(DeadLetterPublisher.SUFFIX) ? topic : DeadLetterPublisher.topicFor(topic);
    }

    boolean matches(DeadLetter d) {
        return (since == null || !d.deadLetteredAt().isBefore(since))
                && (error == null || d.errorContains(error))
                && (status == null || d.status() == status);
    }

    /**
     * Parses a time as the CLI and the API take it: an ISO-8601 instant or offset time ({@code 2026-12-05T10:15:30Z}),
     * a date (UTC midnight, {@code 2026-12-05}), epoch milliseconds ({@code 1764930930000}), or a duration before now
     * ({@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}).
     *
     * @throws IllegalArgumentException with a one-line reason that shows the accepted forms
     */
    public static Instant parseTime(String text, Clock clock) {
        String t = text == null ? "" : text.strip();
        try {
            if (t.matches("\\d{10,}")) {
                return Instant.ofEpochMilli(Long.parseLong(t));
            }
            if (t.matches("\\d+[smhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                Duration d =
                        switch (t.charAt(t.length() - 1)) {
                            case 's' -> Duration.ofSeconds(n);
                            case 'm' -> Duration.ofMinutes(n);
                            case 'h' -> Duration.ofHours(n);
                            default -> Duration.ofDays(n);
                        };
                return clock.instant().minus(d);
            }
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("invalid time '" + text
                    + "': expected an ISO-8601 time (2026-12-05T10:15:30Z), a date (2026-12-05), epoch milliseconds"
                    + " or a duration ago (30m, 2h, 7d)");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
