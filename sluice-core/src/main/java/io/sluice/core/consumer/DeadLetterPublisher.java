package io.sluice.core.consumer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records that can never be stored to {@code <topic>.dlq}: the original key and value bytes untouched, the
 * original headers kept, and {@code sluice.dlq.*} headers saying where the record came from and why it failed
 * (see docs/adr/0002-dead-letter-format.md).
 *
 * <p>A record too large to be dead-lettered whole is never an outage: if its copy would exceed the producer's
 * {@code max.request.size}, its value is cut to fit; if the broker still refuses it as too large (a topic or broker
 * limit below the producer's), it is sent again with an empty value, no key and none of its own headers. Either way
 * {@code sluice.dlq.truncated}, {@code sluice.dlq.original.size} and {@code sluice.dlq.original.sha256} say so; the
 * whole record stays in the source topic at {@code sluice.dlq.offset} until retention removes it.
 *
 * <p>Sends are asynchronous; {@link #flush()} waits for every pending send and throws if one failed, so the
 * consumer loop calls it before storing offsets past a dead-lettered record. Not thread-safe: one per loop.
 */
public final class DeadLetterPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    public static final String SUFFIX = ".dlq";
    public static final String HEADER_TOPIC = "sluice.dlq.topic";
    public static final String HEADER_PARTITION = "sluice.dlq.partition";
    public static final String HEADER_OFFSET = "sluice.dlq.offset";
    public static final String HEADER_TIMESTAMP = "sluice.dlq.timestamp";
    public static final String HEADER_ERROR_CLASS = "sluice.dlq.error.class";
    public static final String HEADER_ERROR_MESSAGE = "sluice.dlq.error.message";
    public static final String HEADER_SERVICE = "sluice.dlq.service";
    public static final String HEADER_TRUNCATED = "sluice.dlq.truncated";
    public static final String HEADER_ORIGINAL_SIZE = "sluice.dlq.original.size";
    public static final String HEADER_ORIGINAL_SHA256 = "sluice.dlq.original.sha256";

    private static final int MAX_MESSAGE_CHARS = 1_000;
    // An upper bound of Kafka's own estimate (DefaultRecordBatch.estimateBatchSizeUpperBound): a 61-byte batch
    // header, at most 21 bytes of record framing and 5 for each length varint, rounded up; two varints per header.
    private static final int RECORD_OVERHEAD = 128;
    private static final int HEADER_OVERHEAD = 10;
    private static final byte[] EMPTY = new byte[0];

    /** A send in flight; {@code stripped} when it is already the smallest form of its record. */
    private record Sent(
            ConsumerRecord<byte[], byte[]> source, Throwable reason, boolean stripped, Future<RecordMetadata> ack) {}

    private final Supplier<Producer<byte[], byte[]>> factory;
    private Producer<byte[], byte[]> producer; // made on the first dead letter: most runs never need one
    private final String service;
    private final int maxRequestSize;
    private final List<Sent> pending = new ArrayList<>();
    private BiConsumer<ConsumerRecord<byte[], byte[]>, Throwable> mirror = (record, reason) -> {};

    /** A publisher over {@code producer}, whose {@code max.request.size} is Kafka's default (1 MiB). */
    public DeadLetterPublisher(Producer<byte[], byte[]> producer, String service) {
        this(producer, service, DeadLetterConfig.DEFAULT_MAX_REQUEST_SIZE);
    }

    /** A publisher over {@code producer}, configured with this {@code max.request.size}. */
    public DeadLetterPublisher(Producer<byte[], byte[]> producer, String service, int maxRequestSize) {
        this(() -> producer, service, maxRequestSize);
        this.producer = producer;
    }

    private DeadLetterPublisher(Supplier<Producer<byte[], byte[]>> factory, String service, int maxRequestSize) {
        this.factory = factory;
        this.service = service;
        this.maxRequestSize = maxRequestSize;
    }

    /**
     * A publisher with its own idempotent, {@code acks=all} producer, sized and compressed as {@code config} says. The
     * configuration is checked now; the producer (its threads, its connections, a few hundred classes: a tenth of a
     * second of a service's start) is made when the first record is dead-lettered.
     *
     * @param props extra producer properties; they cannot override the settings above
     */
    public static DeadLetterPublisher create(
            String bootstrapServers, String service, DeadLetterConfig config, Map<String, String> props) {
        Map<String, Object> producerConfig = new HashMap<>(props);
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-dlq");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.maxRequestSize());
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compressionType());
        producerConfig.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producerConfig.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        producerConfig.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        // A ConfigException now rather than at the first dead letter (the serializers are the constructor's).
        Map<String, Object> check = new HashMap<>(producerConfig);
        check.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        check.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        ProducerConfig.configDef().parse(check);
        return new DeadLetterPublisher(
                () -> new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer()),
                service,
                config.maxRequestSize());
    }

    /**
     * Also hands every dead letter to {@code mirror} (the source record and the reason) once the dead-letter topic
     * acknowledged it, on the thread that calls {@link #flush()}: for a second copy elsewhere, such as S3. A letter
     * whose flush is retried may reach the mirror twice. A mirror that throws is logged and does not fail the flush.
     */
    public DeadLetterPublisher mirrorTo(BiConsumer<ConsumerRecord<byte[], byte[]>, Throwable> mirror) {
        this.mirror = Objects.requireNonNull(mirror, "mirror");
        return this;
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
        addSource(headers, record, reason);
        if (size(record.key(), record.value(), headers) <= maxRequestSize) {
            send(record, reason, false, new ProducerRecord<>(dlq(record), null, record.key(), record.value(), headers));
            return;
        }
        addTruncation(headers, record.value());
        long room = maxRequestSize - size(record.key(), EMPTY, headers);
        if (room < 0) {
            log.warn(
                    "{}: {}-{}@{} has a key and headers too large to dead-letter (dlq.max_request_size {}): it goes to"
                            + " {} with an empty value, no key and none of its own headers",
                    service,
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    maxRequestSize,
                    dlq(record));
            sendStripped(record, reason);
            return;
        }
        byte[] cut = Arrays.copyOf(record.value(), (int) Math.min(room, record.value().length));
        log.warn(
                "{}: {}-{}@{} is too large to dead-letter whole (dlq.max_request_size {}): its {}-byte value goes to"
                        + " {} cut to {} bytes",
                service,
                record.topic(),
                record.partition(),
                record.offset(),
                maxRequestSize,
                record.value().length,
                dlq(record),
                cut.length);
        send(record, reason, false, new ProducerRecord<>(dlq(record), null, record.key(), cut, headers));
    }

    /**
     * Waits until every queued record is acknowledged. A record the broker refuses as too large is sent again with
     * an empty value, and waited for too.
     *
     * @throws DeadLetterException if any send failed otherwise; the records stay unacknowledged and the caller must
     *     retry
     */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        producer().flush();
        List<Sent> refused = awaitAll();
        if (refused.isEmpty()) {
            return;
        }
        for (Sent s : refused) {
            sendStripped(s.source(), s.reason());
        }
        producer().flush();
        awaitAll();
    }

    /** Waits for every pending send; returns those refused as too large that can still be made smaller. */
    private List<Sent> awaitAll() {
        List<Sent> refused = new ArrayList<>();
        try {
            for (Sent s : pending) {
                try {
                    s.ack().get();
                    mirror(s);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RecordTooLargeException) || s.stripped()) {
                        throw e;
                    }
                    log.warn(
                            "{}: {} refused the dead letter of {}-{}@{} as too large; sending it again with an empty"
                                    + " value: {}",
                            service,
                            dlq(s.source()),
                            s.source().topic(),
                            s.source().partition(),
                            s.source().offset(),
                            e.getCause().getMessage());
                    refused.add(s);
                }
            }
            pending.clear();
            return refused;
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

    private void mirror(Sent s) {
        try {
            mirror.accept(s.source(), s.reason());
        } catch (RuntimeException e) {
            log.warn(
                    "{}: the copy of the dead letter of {}-{}@{} failed: {}",
                    service,
                    s.source().topic(),
                    s.source().partition(),
                    s.source().offset(),
                    e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
        }
    }

    private synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = factory.get();
        }
        return producer;
    }

    /** The smallest dead letter of a record: no key, no original headers, an empty value, and where it came from. */
    private void sendStripped(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
        RecordHeaders headers = new RecordHeaders();
        addSource(headers, record, reason);
        addTruncation(headers, record.value());
        send(record, reason, true, new ProducerRecord<>(dlq(record), null, (byte[]) null, EMPTY, headers));
    }

    private void send(
            ConsumerRecord<byte[], byte[]> source,
            Throwable reason,
            boolean stripped,
            ProducerRecord<byte[], byte[]> deadLetter) {
        pending.add(new Sent(source, reason, stripped, producer().send(deadLetter)));
    }

    private void addSource(RecordHeaders headers, ConsumerRecord<byte[], byte[]> record, Throwable reason) {
        add(headers, HEADER_TOPIC, record.topic());
        add(headers, HEADER_PARTITION, Integer.toString(record.partition()));
        add(headers, HEADER_OFFSET, Long.toString(record.offset()));
        add(headers, HEADER_TIMESTAMP, Long.toString(record.timestamp()));
        add(headers, HEADER_ERROR_CLASS, reason.getClass().getName());
        add(headers, HEADER_ERROR_MESSAGE, truncate(String.valueOf(reason.getMessage())));
        add(headers, HEADER_SERVICE, service);
    }

    private static void addTruncation(RecordHeaders headers, byte[] value) {
        byte[] v = value == null ? EMPTY : value;
        add(headers, HEADER_TRUNCATED, "true");
        add(headers, HEADER_ORIGINAL_SIZE, Integer.toString(v.length));
        add(headers, HEADER_ORIGINAL_SHA256, sha256(v));
    }

    /** At least the size Kafka's producer checks against {@code max.request.size}, uncompressed. */
    private static long size(byte[] key, byte[] value, RecordHeaders headers) {
        long size = RECORD_OVERHEAD + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header h : headers) {
            size += HEADER_OVERHEAD
                    + h.key().getBytes(StandardCharsets.UTF_8).length
                    + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String dlq(ConsumerRecord<byte[], byte[]> record) {
        return topicFor(record.topic());
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
