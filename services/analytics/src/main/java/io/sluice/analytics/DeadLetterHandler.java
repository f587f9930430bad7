package io.sluice.analytics;

import io.sluice.core.consumer.DeadLetterPublisher;
import java.nio.charset.StandardCharsets;
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
 * Values larger than the producer's request size are not cut as {@link DeadLetterPublisher} does (see the report);
 * such a record fails the task instead. Instantiated by Kafka Streams ({@value #SERVICE_CONFIG} names the service).
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);
    /** The Streams property that carries the service name into the handler. */
    public static final String SERVICE_CONFIG = "sluice.dlq.service";

    private static final int MAX_MESSAGE_CHARS = 1_000;

    private String service = AnalyticsConfig.SERVICE;

    @Override
    public void configure(Map<String, ?> configs) {
        Object s = configs.get(SERVICE_CONFIG);
        if (s != null) {
            service = s.toString();
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
        return Response.resume(List.of(deadLetter(record, reason, service)));
    }

    static ProducerRecord<byte[], byte[]> deadLetter(
            ConsumerRecord<byte[], byte[]> record, Throwable reason, String service) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
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
        return new ProducerRecord<>(
                DeadLetterPublisher.topicFor(record.topic()), null, record.key(), record.value(), headers);
    }

    private static void add(RecordHeaders headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
