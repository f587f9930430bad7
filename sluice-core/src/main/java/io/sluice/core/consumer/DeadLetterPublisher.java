package io.sluice.core.consumer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends records that can never be stored to {@code <topic>.dlq}: the original key and value bytes untouched, the
 * original headers kept, and {@code sluice.dlq.*} headers saying where the record came from and why it failed
 * (see docs/adr/0002-dead-letter-format.md).
 *
 * <p>Sends are asynchronous; {@link #flush()} waits for every pending send and throws if one failed, so the
 * consumer loop calls it before storing offsets past a dead-lettered record. Not thread-safe: one per loop.
 */
public final class DeadLetterPublisher implements AutoCloseable {
    public static final String SUFFIX = ".dlq";
    public static final String HEADER_TOPIC = "sluice.dlq.topic";
    public static final String HEADER_PARTITION = "sluice.dlq.partition";
    public static final String HEADER_OFFSET = "sluice.dlq.offset";
    public static final String HEADER_TIMESTAMP = "sluice.dlq.timestamp";
    public static final String HEADER_ERROR_CLASS = "sluice.dlq.error.class";
    public static final String HEADER_ERROR_MESSAGE = "sluice.dlq.error.message";
    public static final String HEADER_SERVICE = "sluice.dlq.service";

    private static final int MAX_MESSAGE_CHARS = 1_000;

    private final Producer<byte[], byte[]> producer;
    private final String service;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();

    public DeadLetterPublisher(Producer<byte[], byte[]> producer, String service) {
        this.producer = producer;
        this.service = service;
    }

    /** A publisher with its own idempotent, {@code acks=all} producer. */
    public static DeadLetterPublisher create(String bootstrapServers, String service, Map<String, String> props) {
        Map<String, Object> config = new HashMap<>(props);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-dlq");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new DeadLetterPublisher(
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()), service);
    }

    public static String topicFor(String topic) {
        return topic + SUFFIX;
    }

    /** Queues the record for its dead-letter topic. Call {@link #flush()} before storing offsets past it. */
    public void publish(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        add(headers, HEADER_TOPIC, record.topic());
        add(headers, HEADER_PARTITION, Integer.toString(record.partition()));
        add(headers, HEADER_OFFSET, Long.toString(record.offset()));
        add(headers, HEADER_TIMESTAMP, Long.toString(record.timestamp()));
        add(headers, HEADER_ERROR_CLASS, reason.getClass().getName());
        add(headers, HEADER_ERROR_MESSAGE, truncate(String.valueOf(reason.getMessage())));
        add(headers, HEADER_SERVICE, service);
        pending.add(producer.send(
                new ProducerRecord<>(topicFor(record.topic()), null, record.key(), record.value(), headers)));
    }

    /**
     * Waits until every queued record is acknowledged.
     *
     * @throws DeadLetterException if any send failed; the records stay unacknowledged and the caller must retry
     */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> f : pending) {
                f.get();
            }
            pending.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterException("interrupted while publishing to the dead-letter topic", e);
        } catch (ExecutionException e) {
            pending.clear();
            throw new DeadLetterException(
                    "could not publish to the dead-letter topic: "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    private static void add(RecordHeaders headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String s) {
        return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    /** Publishing to the dead-letter topic failed: an outage, retried by the loop, never a data error. */
    public static final class DeadLetterException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
