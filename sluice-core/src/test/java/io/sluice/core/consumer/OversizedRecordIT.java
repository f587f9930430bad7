package io.sluice.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.core.MetricNames;
import io.sluice.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, item 1, against a real broker: the probe's two records, a 1,048,300-byte value (accepted by the broker,
 * too large once dead-lettered with its headers) and a 3 MB value the broker accepted zstd-compressed, sit among
 * valid records. Both are dead-lettered truncated, the records around them are stored, and the loop never degrades.
 */
@ExtendWith(KafkaBroker.class)
class OversizedRecordIT {
    private static final int NEAR_LIMIT = 1_048_300;
    private static final int COMPRESSIBLE = 3_000_000;

    @Test
    void oversized_records_among_valid_ones_are_dead_lettered_truncated_and_the_loop_never_degrades() {
        String topic = KafkaBroker.freshTopic("oversized");
        byte[] near = poison(NEAR_LIMIT, 'n');
        byte[] compressible = poison(COMPRESSIBLE, 'z');
        produceAround(topic, near, compressible);

        ConsumerLoopIT.MemorySink sink = new ConsumerLoopIT.MemorySink();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<ConsumerStatus> seen = new CopyOnWriteArrayList<>();
        try (ConsumerLoop<String> loop = loop(topic, sink, registry, DeadLetterConfig.defaults())) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        seen.add(loop.state().status());
                        return sink.offsets.getOrDefault(new TopicPartition(topic, 0), 0L) == 32;
                    });
            assertThat(sink.stored).containsExactlyElementsOf(valid());
            assertThat(seen).doesNotContain(ConsumerStatus.DEGRADED, ConsumerStatus.FAILED);
            assertThat(registry.find(MetricNames.BATCH_RETRIES).counter().count())
                    .isZero();
            assertThat(loop.state().recordsFailed()).isEqualTo(2);
        }

        var dlq = KafkaBroker.consumeAll(DeadLetterPublisher.topicFor(topic), Duration.ofSeconds(30), 2);
        assertThat(dlq).hasSize(2);
        assertTruncated(dlq.get(0), near, "10");
        assertTruncated(dlq.get(1), compressible, "21");
    }

    @Test
    void with_a_larger_request_size_and_zstd_the_compressible_record_is_dead_lettered_whole() {
        String topic = KafkaBroker.freshTopic("oversized-zstd");
        byte[] near = poison(NEAR_LIMIT, 'n');
        byte[] compressible = poison(COMPRESSIBLE, 'z');
        produceAround(topic, near, compressible);

        ConsumerLoopIT.MemorySink sink = new ConsumerLoopIT.MemorySink();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ConsumerLoop<String> loop = loop(topic, sink, registry, new DeadLetterConfig(8 << 20, "zstd"))) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> sink.offsets.getOrDefault(new TopicPartition(topic, 0), 0L) == 32);
            assertThat(sink.stored).containsExactlyElementsOf(valid());
            assertThat(registry.find(MetricNames.BATCH_RETRIES).counter().count())
                    .isZero();
        }

        var dlq = KafkaBroker.consumeAll(DeadLetterPublisher.topicFor(topic), Duration.ofSeconds(30), 2);
        assertThat(dlq).hasSize(2);
        assertThat(dlq.get(0).value()).isEqualTo(near);
        assertThat(dlq.get(1).value()).isEqualTo(compressible);
        assertThat(dlq.get(1).headers().lastHeader(DeadLetterPublisher.HEADER_TRUNCATED))
                .isNull();
    }

    private static ConsumerLoop<String> loop(
            String topic, ConsumerLoopIT.MemorySink sink, SimpleMeterRegistry registry, DeadLetterConfig dlq) {
        Decoder<String> decoder = r -> {
            if (r.value().length > 6 && new String(r.value(), 0, 6, StandardCharsets.UTF_8).equals("poison")) {
                throw new PoisonRecordException("cannot decode a value of " + r.value().length + " bytes");
            }
            return new String(r.value(), StandardCharsets.UTF_8);
        };
        ConsumerLoopConfig config = ConsumerLoopConfig.defaults(
                        "oversized-test", KafkaBroker.bootstrapServers(), "group-" + topic, topic)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .withDeadLetter(dlq);
        return ConsumerLoop.create(config, decoder, sink, FailureClassifier.DEFAULT, registry)
                .start();
    }

    /** v0..v9, the near-limit record (offset 10), v10..v19, the compressible one (offset 21, zstd), v20..v29. */
    private static void produceAround(String topic, byte[] near, byte[] compressible) {
        List<String> valid = valid();
        try (var plain = producer("none");
                var zstd = producer("zstd")) {
            send(plain, topic, valid.subList(0, 10));
            send(plain, topic, near);
            send(plain, topic, valid.subList(10, 20));
            send(zstd, topic, compressible);
            send(plain, topic, valid.subList(20, 30));
        }
    }

    private static List<String> valid() {
        return IntStream.range(0, 30).mapToObj(i -> "v" + i).toList();
    }

    private static KafkaProducer<byte[], byte[]> producer(String compression) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaBroker.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        compression,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        8 << 20),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, List<String> values) {
        for (String v : values) {
            send(producer, topic, v.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, null, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce " + value.length + " bytes to " + topic, e);
        }
    }

    private static byte[] poison(int size, char fill) {
        byte[] v = new byte[size];
        Arrays.fill(v, (byte) fill);
        System.arraycopy("poison".getBytes(StandardCharsets.US_ASCII), 0, v, 0, 6);
        return v;
    }

    private static void assertTruncated(ConsumerRecord<byte[], byte[]> dead, byte[] original, String offset) {
        assertThat(header(dead, DeadLetterPublisher.HEADER_OFFSET)).isEqualTo(offset);
        assertThat(header(dead, DeadLetterPublisher.HEADER_TRUNCATED)).isEqualTo("true");
        assertThat(header(dead, DeadLetterPublisher.HEADER_ORIGINAL_SIZE)).isEqualTo(Integer.toString(original.length));
        assertThat(header(dead, DeadLetterPublisher.HEADER_ORIGINAL_SHA256)).isEqualTo(sha256(original));
        assertThat(header(dead, DeadLetterPublisher.HEADER_ERROR_CLASS))
                .isEqualTo(PoisonRecordException.class.getName());
        assertThat(dead.value().length).isBetween(1_000_000, DeadLetterConfig.DEFAULT_MAX_REQUEST_SIZE);
        assertThat(Arrays.copyOf(original, dead.value().length)).isEqualTo(dead.value());
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
