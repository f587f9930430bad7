package io.sluice.dlq;

import io.sluice.core.consumer.DeadLetterPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of a {@code *.dlq} topic (ADR 0002) with what was done to it.
 *
 * @param original where the record came from ({@code sluice.dlq.topic/partition/offset}); its topic is {@code null}
 *     when the record lacks the headers (not written by Sluice)
 * @param originalTimestamp the source record's timestamp ({@code sluice.dlq.timestamp}), or {@code null}
 * @param deadLetteredAt the DLQ record's own timestamp
 * @param headers every header of the DLQ record, in order: the original ones first, then {@code sluice.dlq.*}
 * @param truncated whether the DLQ copy holds only part of the value ({@code sluice.dlq.truncated})
 */
public record DeadLetter(
        DeadLetterId id,
        RecordPosition original,
        Instant originalTimestamp,
        String errorClass,
        String errorMessage,
        String service,
        Instant deadLetteredAt,
        byte[] key,
        byte[] value,
        List<Map.Entry<String, byte[]>> headers,
        boolean truncated,
        DeadLetterState state) {

    static final String DLQ_HEADER_PREFIX = "sluice.dlq.";

    public DeadLetter {
        headers = List.copyOf(headers);
    }

    static DeadLetter from(ConsumerRecord<byte[], byte[]> r, DeadLetterState state) {
        List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(Map.entry(h.key(), h.value() == null ? new byte[0] : h.value()));
        }
        String topic = header(r, DeadLetterPublisher.HEADER_TOPIC);
        Long timestamp = number(header(r, DeadLetterPublisher.HEADER_TIMESTAMP));
        Long partition = number(header(r, DeadLetterPublisher.HEADER_PARTITION));
        return new DeadLetter(
                new DeadLetterId(r.topic(), r.partition(), r.offset()),
                new RecordPosition(
                        topic,
                        partition == null ? null : partition.intValue(),
                        number(header(r, DeadLetterPublisher.HEADER_OFFSET))),
                timestamp == null ? null : Instant.ofEpochMilli(timestamp),
                header(r, DeadLetterPublisher.HEADER_ERROR_CLASS),
                header(r, DeadLetterPublisher.HEADER_ERROR_MESSAGE),
                header(r, DeadLetterPublisher.HEADER_SERVICE),
                Instant.ofEpochMilli(r.timestamp()),
                r.key(),
                r.value(),
                headers,
                "true".equals(header(r, DeadLetterPublisher.HEADER_TRUNCATED)),
                state == null ? DeadLetterState.OPEN : state);
    }

    public DeadLetterStatus status() {
        return state.status();
    }

    /** The value of the last header named {@code name}, as UTF-8, or {@code null}. */
    public String header(String name) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).getKey().equals(name)) {
                return new String(headers.get(i).getValue(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Whether {@code text} occurs in the error class or message, ignoring case. */
    boolean errorContains(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return (errorClass != null && errorClass.toLowerCase(Locale.ROOT).contains(t))
                || (errorMessage != null
                        && errorMessage.toLowerCase(Locale.ROOT).contains(t));
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Long number(String text) {
        try {
            return text == null ? null : Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
