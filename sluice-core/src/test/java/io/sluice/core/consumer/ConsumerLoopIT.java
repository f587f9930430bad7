package io.sluice.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The loop against a real broker, with an in-memory sink that fails on demand. */
@ExtendWith(KafkaBroker.class)
class ConsumerLoopIT {

    /** Stores values and offsets together, like a transactional sink; "bad-*" values are data errors. */
    static final class MemorySink implements Sink<String> {
        final List<String> stored = java.util.Collections.synchronizedList(new ArrayList<>());
        final Map<TopicPartition, Long> offsets = new ConcurrentHashMap<>();
        final AtomicBoolean down = new AtomicBoolean();
        volatile int writes;

        @Override
        public void write(Batch<String> batch) {
            writes++;
            if (down.get()) {
                throw new IllegalStateException("store is down");
            }
            for (Decoded<String> d : batch.records()) {
                if (d.value().startsWith("bad-")) {
                    throw new PoisonRecordException("constraint violated by " + d.value());
                }
            }
            batch.records().forEach(d -> stored.add(d.value()));
            offsets.putAll(batch.nextOffsets());
        }

        @Override
        public Optional<OffsetStore> offsetStore() {
            return Optional.of(partitions -> {
                Map<TopicPartition, Long> out = new HashMap<>(offsets);
                out.keySet().retainAll(partitions);
                return out;
            });
        }
    }

    private static ConsumerLoop<String> loop(String topic, MemorySink sink) {
        Decoder<String> decoder = r -> {
            String v = new String(r.value(), StandardCharsets.UTF_8);
            if (v.startsWith("poison")) {
                throw new PoisonRecordException("cannot decode " + v);
            }
            return v;
        };
        ConsumerLoopConfig config = ConsumerLoopConfig.defaults(
                        "loop-test", KafkaBroker.bootstrapServers(), "group-" + topic, topic)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
        return ConsumerLoop.create(config, decoder, sink, FailureClassifier.DEFAULT, new SimpleMeterRegistry())
                .start();
    }

    @Test
    void bad_records_in_a_batch_are_isolated_to_the_dlq_and_the_rest_of_the_batch_is_written() {
        String topic = KafkaBroker.freshTopic("isolate");
        List<String> values = IntStream.range(0, 1000)
                .mapToObj(i -> i == 17 || i == 500 || i == 999 ? "bad-" + i : i == 250 ? "poison-" + i : "v" + i)
                .toList();
        KafkaBroker.produceAll(topic, values);
        MemorySink sink = new MemorySink();
        try (ConsumerLoop<String> loop = loop(topic, sink)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sink.offsets.getOrDefault(new TopicPartition(topic, 0), 0L) == 1000);
            assertThat(sink.stored).hasSize(996).doesNotContain("bad-17", "bad-500", "bad-999", "poison-250");
            // The counts move after the sink returned (and stored the offsets): wait for them too.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(loop.state().recordsFailed()).isEqualTo(4);
                assertThat(loop.state().recordsWritten()).isEqualTo(996);
            });
        }
        var dlq = KafkaBroker.consumeAll(DeadLetterPublisher.topicFor(topic), Duration.ofSeconds(20), 4);
        assertThat(dlq)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("bad-17", "bad-500", "bad-999", "poison-250");
    }

    @Test
    void an_outage_pauses_and_retries_without_touching_the_dlq_and_then_everything_is_written() {
        String topic = KafkaBroker.freshTopic("outage");
        MemorySink sink = new MemorySink();
        sink.down.set(true);
        KafkaBroker.produceAll(
                topic, IntStream.range(0, 300).mapToObj(i -> "v" + i).toList());
        try (ConsumerLoop<String> loop = loop(topic, sink)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.writes >= 3);
            assertThat(loop.state().status()).isEqualTo(ConsumerStatus.DEGRADED);
            assertThat(loop.state().lastError()).contains("store is down");
            sink.down.set(false);
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.stored.size() == 300);
            await().atMost(Duration.ofSeconds(5)).until(() -> loop.state().status() == ConsumerStatus.RUNNING);
            assertThat(loop.state().recordsFailed()).isZero();
        }
        assertThat(KafkaBroker.consumeAll(DeadLetterPublisher.topicFor(topic), Duration.ofSeconds(3), 1))
                .isEmpty();
    }

    @Test
    void a_restart_resumes_from_the_sinks_stored_offsets() {
        String topic = KafkaBroker.freshTopic("resume");
        MemorySink sink = new MemorySink();
        KafkaBroker.produceAll(topic, List.of("a", "b", "c"));
        try (ConsumerLoop<String> loop = loop(topic, sink)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.stored.size() == 3);
        }
        KafkaBroker.produceAll(topic, List.of("d", "e"));
        sink.offsets.put(new TopicPartition(topic, 0), 1L); // the sink says: only "a" is durable
        try (ConsumerLoop<String> loop = loop(topic, sink)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.stored.size() == 7);
            assertThat(sink.stored).containsExactly("a", "b", "c", "b", "c", "d", "e");
            assertThat(loop.state().status()).isEqualTo(ConsumerStatus.RUNNING);
        }
    }

    @Test
    void one_loop_reads_a_pattern_of_topics_decodes_each_its_own_way_and_skips_heartbeats() {
        String prefix = KafkaBroker.freshTopic("cdc");
        String products = prefix + ".products";
        String orders = prefix + ".orders";
        KafkaBroker.createTopic(products, 1);
        KafkaBroker.createTopic(orders, 1);
        KafkaBroker.produceAll(products, List.of("chair", "heartbeat", "lamp"));
        KafkaBroker.produceAll(orders, List.of("o-1", "heartbeat"));
        Decoder<String> decoder = Decoder.byTopic(Map.of(
                products,
                Decoder.<String>skipping(r -> skipHeartbeat("product:", r.value())),
                orders,
                Decoder.<String>skipping(r -> skipHeartbeat("order:", r.value()))));
        ConsumerLoopConfig config = ConsumerLoopConfig.defaults(
                        "loop-test", KafkaBroker.bootstrapServers(), "group-" + prefix, prefix)
                .withTopicPattern(java.util.regex.Pattern.compile(
                        java.util.regex.Pattern.quote(prefix) + "\\.(products|orders)"));
        MemorySink sink = new MemorySink();
        try (ConsumerLoop<String> loop = ConsumerLoop.create(
                        config, decoder, sink, FailureClassifier.DEFAULT, new SimpleMeterRegistry())
                .start()) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sink.offsets.getOrDefault(new TopicPartition(products, 0), 0L) == 3
                            && sink.offsets.getOrDefault(new TopicPartition(orders, 0), 0L) == 2);
            assertThat(sink.stored).containsExactlyInAnyOrder("product:chair", "product:lamp", "order:o-1");
            // Counted on the polling thread once the write is settled, just after the sink stored the offsets.
            await().atMost(Duration.ofSeconds(5)).until(() -> loop.state().recordsSkipped() == 2);
            assertThat(loop.state().recordsFailed()).isZero();
        }
    }

    private static Decoding<String> skipHeartbeat(String prefix, byte[] value) {
        String v = new String(value, StandardCharsets.UTF_8);
        return v.equals("heartbeat") ? Decoding.skip("heartbeat") : Decoding.value(prefix + v);
    }
}
