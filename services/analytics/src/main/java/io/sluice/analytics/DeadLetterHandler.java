package io.sluice.analytics;

import io.sluice.core.consumer.DeadLetterPublisher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record the {@link ChangeDeserializer} cannot read goes to {@code <topic>.dlq} with the platform's dead-letter
 * headers (ADR 0002: the original key, value and headers, then {@code sluice.dlq.*}), and processing goes on: a
 * bad record is never a crash. The dead letter is returned to Kafka Streams (KIP-1034), which sends it in the
 * task's transaction, so under {@code exactly_once_v2} it is written exactly once with the offsets that skip it.
 * A dead letter that would not fit the producer's {@code max.request.size} (1 MiB unless the Streams properties say)
 * is cut as ADR 0002 says: its value shortened to fit, with {@code sluice.dlq.truncated}, {@code
 * sluice.dlq.original.size} and {@code sluice.dlq.original.sha256}; if even its key and headers do not fit, it goes
 * with an empty value, no key and none of its own headers. Instantiated by Kafka Streams ({@value #SERVICE_CONFIG}
 * names the service).
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);
    /** The Streams property that carries the service name into the handler. */
    public static final String SERVICE_CONFIG = "sluice.dlq.service";

    private static final int MAX_MESSAGE_CHARS = 1_000;
    /** Kafka's default {@code max.request.size}. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
    // The producer's own estimate adds a record batch header and per-record varints; stay well inside it.
    private static final int RECORD_OVERHEAD = 128;
    private static final int HEADER_OVERHEAD = 10;
    private static final byte[] EMPTY = new byte[0];

    private String service = AnalyticsConfig.SERVICE;
    private int maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;

    @Override
    public void configure(Map<String, ?> configs) {
        Object s = configs.get(SERVICE_CONFIG);
        if (s != null) {
            service = s.toString();
        }
        Object max = configs.get("producer.max.request.size");
        if (max == null) {
            max = configs.get("max.request.size");
        }
        if (max != null) {
            maxRequestSize = Integer.parseInt(max.toString().trim());
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception e) {
        Throwable reason = e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
        log.warn(
                "{}: {}-{}@{} is not a change event the analytics can read; it goes to {}: {}",
                service,
                record.topic(),
                record.partition(),
                record.offset(),
                DeadLetterPublisher.topicFor(record.topic()),
                reason.getMessage());
        return Response.resume(List.of(deadLetter(record, reason, service, maxRequestSize)));
    }

    static ProducerRecord<byte[], byte[]> deadLetter(
            ConsumerRecord<byte[], byte[]> record, Throwable reason, String service, int maxRequestSize) {
        String dlq = DeadLetterPublisher.topicFor(record.topic());
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        addSource(headers, record, reason, service);
        byte[] value = record.value() == null ? EMPTY : record.value();
        if (size(record.key(), value, headers) <= maxRequestSize) {
            return new ProducerRecord<>(dlq, null, record.key(), record.value(), headers);
        }
        addTruncation(headers, value);
        long room = maxRequestSize - size(record.key(), EMPTY, headers);
        if (room >= 0) {
            byte[] cut = Arrays.copyOf(value, (int) Math.min(room, value.length));
            return new ProducerRecord<>(dlq, null, record.key(), cut, headers);
        }
        RecordHeaders stripped = new RecordHeaders();
        addSource(stripped, record, reason, service);
        addTruncation(stripped, value);
        return new ProducerRecord<>(dlq, null, (byte[]) null, EMPTY, stripped);
    }

    private static void addSource(
            RecordHeaders headers, ConsumerRecord<byte[], byte[]> record, Throwable reason, String service) {
        add(headers, DeadLetterPublisher.HEADER_TOPIC, record.topic());
        add(headers, DeadLetterPublisher.HEADER_PARTITION, Integer.toString(record.partition()));
        add(headers, DeadLetterPublisher.HEADER_OFFSET, Long.toString(record.offset()));
        add(headers, DeadLetterPublisher.HEADER_TIMESTAMP, Long.toString(record.timestamp()));
        add(headers, DeadLetterPublisher.HEADER_ERROR_CLASS, reason.getClass().getName());
        String message = String.valueOf(reason.getMessage());
        if (message.length() > MAX_MESSAGE_CHARS) {
            message = message.substring(0, MAX_MESSAGE_CHARS) + "...";
        }
        add(headers, DeadLetterPublisher.HEADER_ERROR_MESSAGE, message);
        add(headers, DeadLetterPublisher.HEADER_SERVICE, service);
    }

    private static void addTruncation(RecordHeaders headers, byte[] value) {
        add(headers, DeadLetterPublisher.HEADER_TRUNCATED, "true");
        add(headers, DeadLetterPublisher.HEADER_ORIGINAL_SIZE, Integer.toString(value.length));
        add(headers, DeadLetterPublisher.HEADER_ORIGINAL_SHA256, sha256(value));
    }

    private static long size(byte[] key, byte[] value, RecordHeaders headers) {
        long n = RECORD_OVERHEAD + (key == null ? 0 : key.length) + value.length;
        for (Header h : headers) {
            n += h.key().getBytes(StandardCharsets.UTF_8).length
                    + (h.value() == null ? 0 : h.value().length)
                    + HEADER_OVERHEAD;
        }
        return n;
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void add(RecordHeaders headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
