package io.sluice.core.consumer;

import static io.sluice.core.consumer.LoopHarness.P0;
import static io.sluice.core.consumer.LoopHarness.P1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.sluice.core.MetricNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 1: a record whose dead-letter copy is too large for the DLQ producer or the broker is dead-lettered
 * truncated, never retried as an outage; and a stall shows in the lag of every partition it holds up.
 */
class OversizedRecordTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final Decoder<String> POISON_ON_PREFIX = r -> {
        String v = LoopHarness.strings().decode(r);
        if (v.startsWith("poison")) {
            throw new PoisonRecordException("cannot decode a value of " + v.length() + " bytes");
        }
        return v;
    };

    @Test
    void a_record_too_large_for_the_dlq_producer_is_dead_lettered_truncated_and_the_partition_moves_on() {
        String big = "poison" + "x".repeat(1_048_300 - 6); // fits the broker, not with ~400 bytes of DLQ headers
        RecordingSink sink = new RecordingSink(false);
        try (var h = new LoopHarness<>(POISON_ON_PREFIX, sink).start(P0)) {
            h.produce(P0, "a", big, "c");

            await().atMost(WAIT).until(() -> Long.valueOf(3).equals(h.committed(P0)));
            assertThat(sink.stored).containsExactly("a", "c");
            assertThat(retries(h)).as("never an outage").isZero();
            assertThat(h.dlqProducer.history()).hasSize(1);
            ProducerRecord<byte[], byte[]> dead = h.dlqProducer.history().get(0);
            assertThat(SizeLimitedProducer.size(dead)).isLessThanOrEqualTo(1_048_576);
            assertThat(dead.value().length).isPositive();
            assertThat(new String(dead.value(), StandardCharsets.UTF_8))
                    .isEqualTo(big.substring(0, dead.value().length));
            assertThat(header(dead, DeadLetterPublisher.HEADER_TRUNCATED)).isEqualTo("true");
            assertThat(header(dead, DeadLetterPublisher.HEADER_ORIGINAL_SIZE)).isEqualTo("1048300");
            assertThat(header(dead, DeadLetterPublisher.HEADER_ORIGINAL_SHA256)).isEqualTo(sha256(big));
            assertThat(header(dead, DeadLetterPublisher.HEADER_OFFSET)).isEqualTo("1");
            assertThat(h.loop.state().recordsFailed()).isEqualTo(1);
        }
    }

    @Test
    void a_dead_letter_the_broker_refuses_as_too_large_is_sent_again_empty_and_the_partition_moves_on() {
        String big = "poison" + "y".repeat(100_000);
        RecordingSink sink = new RecordingSink(false);
        try (var h = new LoopHarness<>(POISON_ON_PREFIX, sink)) {
            h.dlqProducer.brokerLimit = 64 * 1024; // e.g. the .dlq topic's max.message.bytes
            h.start(P0);
            h.produce(P0, "a", big, "c");

            await().atMost(WAIT).until(() -> Long.valueOf(3).equals(h.committed(P0)));
            assertThat(sink.stored).containsExactly("a", "c");
            assertThat(retries(h)).isZero();
            assertThat(h.dlqProducer.history()).hasSize(1);
            ProducerRecord<byte[], byte[]> dead = h.dlqProducer.history().get(0);
            assertThat(dead.value()).isEmpty();
            assertThat(header(dead, DeadLetterPublisher.HEADER_TRUNCATED)).isEqualTo("true");
            assertThat(header(dead, DeadLetterPublisher.HEADER_ORIGINAL_SIZE))
                    .isEqualTo(Integer.toString(big.length()));
            assertThat(header(dead, DeadLetterPublisher.HEADER_ORIGINAL_SHA256)).isEqualTo(sha256(big));
            assertThat(header(dead, DeadLetterPublisher.HEADER_TOPIC)).isEqualTo(LoopHarness.TOPIC);
        }
    }

    @Test
    void a_record_whose_own_headers_are_too_large_is_dead_lettered_without_them_key_or_value() {
        RecordingSink sink = new RecordingSink(false);
        try (var h = new LoopHarness<>(POISON_ON_PREFIX, sink).start(P0)) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("trace", new byte[1_100_000]);
            h.consumer.addRecord(new ConsumerRecord<>(
                    LoopHarness.TOPIC,
                    0,
                    0,
                    0L,
                    TimestampType.CREATE_TIME,
                    1,
                    6,
                    "k".getBytes(StandardCharsets.UTF_8),
                    "poison".getBytes(StandardCharsets.UTF_8),
                    headers,
                    Optional.empty()));

            await().atMost(WAIT).until(() -> Long.valueOf(1).equals(h.committed(P0)));
            assertThat(retries(h)).isZero();
            ProducerRecord<byte[], byte[]> dead = h.dlqProducer.history().get(0);
            assertThat(dead.key()).isNull();
            assertThat(dead.value()).isEmpty();
            assertThat(dead.headers().lastHeader("trace")).isNull();
            assertThat(header(dead, DeadLetterPublisher.HEADER_TRUNCATED)).isEqualTo("true");
            assertThat(header(dead, DeadLetterPublisher.HEADER_ORIGINAL_SIZE)).isEqualTo("6");
            assertThat(header(dead, DeadLetterPublisher.HEADER_OFFSET)).isEqualTo("0");
        }
    }

    @Test
    void lag_counts_from_the_stored_position_so_a_stall_shows_on_every_partition_it_holds_up() {
        RecordingSink sink = new RecordingSink(false);
        sink.down.set(true);
        try (var h = new LoopHarness<>(LoopHarness.strings(), sink).start(P0, P1)) {
            h.produce(P0, "a", "b", "c");
            h.produce(P1, "x", "y");
            h.consumer.updateEndOffsets(Map.of(P0, 3L, P1, 2L));
            await().atMost(WAIT).until(() -> h.loop.state().status() == ConsumerStatus.DEGRADED);
            h.awaitPolls(3);

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(lag(h, P0)).isEqualTo(3);
                assertThat(lag(h, P1)).isEqualTo(2);
                assertThat(h.loop.state().lag()).isEqualTo(5);
            });

            sink.down.set(false);
            h.clock.advance(Duration.ofSeconds(5));
            await().atMost(WAIT).until(() -> Long.valueOf(3).equals(h.committed(P0)));
            h.awaitPolls(3);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(lag(h, P0)).isZero();
                assertThat(lag(h, P1)).isZero();
            });
        }
    }

    private static double lag(LoopHarness<?> h, TopicPartition tp) {
        Gauge g = h.registry
                .find(MetricNames.CONSUMER_LAG)
                .tag("partition", Integer.toString(tp.partition()))
                .gauge();
        return g == null ? Double.NaN : g.value();
    }

    private static long retries(LoopHarness<?> h) {
        var c = h.registry.find(MetricNames.BATCH_RETRIES).counter();
        return c == null ? 0 : (long) c.count();
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
