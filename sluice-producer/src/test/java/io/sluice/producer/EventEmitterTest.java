package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.core.kafka.KafkaReachability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emitter's routing between producer and spill file, against Kafka's {@link MockProducer}. */
class EventEmitterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private MockProducer<byte[], byte[]> producer;
    private KafkaReachability kafka;
    private EventEmitter emitter;

    private EventEmitter emitter(boolean autoComplete, long spillMaxBytes, int queueCapacity, boolean start) {
        EmitterConfig config = new EmitterConfig(
                "test",
                "unused:9092",
                queueCapacity,
                dir.resolve("events.spill"),
                spillMaxBytes,
                EmitterConfig.FsyncPolicy.INTERVAL,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Map.of());
        producer = new MockProducer<>(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
        kafka = new KafkaReachability(null, "unused:9092", Duration.ofHours(1), Duration.ofSeconds(1), Map.of());
        SpillFile spill = SpillFile.open(config.spillPath(), spillMaxBytes, config.fsync());
        emitter = new EventEmitter(config, producer, spill, kafka, registry);
        return start ? emitter.startSending() : emitter;
    }

    @AfterEach
    void close() {
        if (emitter != null) {
            emitter.close();
        }
    }

    private static Event event(int n) {
        return Event.of("test", Map.of("n", n), "events", Map.of());
    }

    private List<Integer> sentNumbers() {
        return producer.history().stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .map(v -> Integer.parseInt(v.replaceAll(".*\"n\":(\\d+).*", "$1")))
                .toList();
    }

    @Test
    void while_kafka_is_down_events_are_spilled_and_once_it_is_back_they_are_sent_in_order() {
        emitter(true, 1 << 20, 100, true);
        kafka.failed(new TimeoutException("down"));

        for (int i = 0; i < 10; i++) {
            assertThat(emitter.emit(event(i))).isTrue();
        }
        await().atMost(WAIT).until(() -> emitter.state().spilled() == 10);
        assertThat(producer.history()).isEmpty();
        assertThat(emitter.state().kafkaUp()).isFalse();

        kafka.succeeded();
        for (int i = 10; i < 15; i++) {
            emitter.emit(event(i));
        }

        await().atMost(WAIT).until(() -> producer.history().size() == 15);
        assertThat(sentNumbers()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        assertThat(emitter.state().spilled()).isZero();
        assertThat(emitter.state().sent()).isEqualTo(15);
    }

    @Test
    void a_send_that_kafka_does_not_acknowledge_is_spilled_and_marks_kafka_down() {
        emitter(false, 1 << 20, 100, true);
        kafka.succeeded();

        emitter.emit(event(1));
        await().atMost(WAIT).until(() -> producer.history().size() == 1);
        assertThat(producer.errorNext(new TimeoutException("Expiring 1 record(s)")))
                .isTrue();

        await().atMost(WAIT).until(() -> emitter.state().spilled() == 1);
        assertThat(emitter.kafkaUp()).isFalse();
        assertThat(emitter.state().kafkaError()).contains("Expiring 1 record(s)");
        assertThat(emitter.state().dropped()).isZero();
    }

    @Test
    void a_full_queue_spills_on_the_calling_thread_instead_of_blocking_or_dropping() {
        emitter(true, 1 << 20, 1, false);

        for (int i = 0; i < 5; i++) {
            assertThat(emitter.emit(event(i))).isTrue();
        }

        assertThat(emitter.state().queued()).isEqualTo(1);
        assertThat(emitter.state().spilled()).isEqualTo(4);
        assertThat(registry.get("sluice.events.spilled")
                        .tag("reason", "queue_full")
                        .counter()
                        .count())
                .isEqualTo(4);
    }

    @Test
    void past_the_spill_cap_events_are_dropped_and_counted() {
        emitter(true, 2048, 1, false);

        int accepted = 0;
        for (int i = 0; i < 50; i++) {
            if (emitter.emit(event(i))) {
                accepted++;
            }
        }

        EmitterState state = emitter.state();
        assertThat(state.dropped()).isEqualTo(50 - accepted).isPositive();
        assertThat(state.lastDropReason()).isEqualTo("spill_full");
        assertThat(state.lastDropAt()).isNotNull();
        assertThat(registry.get("sluice.events.dropped")
                        .tag("reason", "spill_full")
                        .counter()
                        .count())
                .isEqualTo(state.dropped());
    }

    @Test
    void flush_sends_the_spill_file_and_reports_whether_anything_is_left() {
        emitter(true, 1 << 20, 100, true);
        kafka.failed(new TimeoutException("down"));
        emitter.emit(event(1));
        await().atMost(WAIT).until(() -> emitter.state().spilled() == 1);

        assertThat(emitter.flush(Duration.ofSeconds(5))).isFalse();
        kafka.succeeded();
        assertThat(emitter.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(sentNumbers()).containsExactly(1);
    }

    private static OutboundRecord keyed(String key, int n) {
        return OutboundRecord.keyed("activity", key, ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    }

    private List<String> sentKeysAndNumbers() {
        return producer.history().stream()
                .map(r -> new String(r.key(), StandardCharsets.UTF_8) + ":"
                        + new String(r.value(), StandardCharsets.UTF_8).replaceAll("\\D", ""))
                .toList();
    }

    @Test
    void a_send_completes_as_sent_once_kafka_acknowledges_it_with_its_key() throws Exception {
        emitter(true, 1 << 20, 100, true);
        kafka.succeeded();

        assertThat(emitter.send(keyed("u1", 1)).get(10, TimeUnit.SECONDS)).isEqualTo(Delivery.SENT);

        assertThat(sentKeysAndNumbers()).containsExactly("u1:1");
    }

    @Test
    void while_kafka_is_down_a_send_completes_as_spilled_and_is_replayed_with_its_key_in_order() throws Exception {
        emitter(true, 1 << 20, 100, true);
        kafka.failed(new TimeoutException("down"));

        List<CompletableFuture<Delivery>> sends = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sends.add(emitter.send(keyed("u" + (i % 2), i)));
        }
        for (CompletableFuture<Delivery> send : sends) {
            assertThat(send.get(10, TimeUnit.SECONDS)).isEqualTo(Delivery.SPILLED);
        }
        assertThat(producer.history()).isEmpty();

        kafka.succeeded();
        await().atMost(WAIT).until(() -> producer.history().size() == 5);
        assertThat(sentKeysAndNumbers()).containsExactly("u0:0", "u1:1", "u0:2", "u1:3", "u0:4");
    }

    @Test
    void records_kafka_fails_to_acknowledge_are_spilled_ahead_of_later_ones_so_order_holds_across_the_replay()
            throws Exception {
        emitter(false, 1 << 20, 100, true);
        kafka.succeeded();
        CompletableFuture<Delivery> first = emitter.send(keyed("u1", 0));
        CompletableFuture<Delivery> second = emitter.send(keyed("u1", 1));
        await().atMost(WAIT).until(() -> producer.history().size() == 2);

        kafka.failed(new TimeoutException("down"));
        CompletableFuture<Delivery> third = emitter.send(keyed("u1", 2));
        CompletableFuture<Delivery> fourth = emitter.send(keyed("u1", 3));
        // The later records wait for the earlier ones to resolve rather than jump ahead of them in the spill file.
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> !third.isDone());
        assertThat(producer.errorNext(new TimeoutException("Expiring 2 record(s)")))
                .isTrue();
        assertThat(producer.errorNext(new TimeoutException("Expiring 2 record(s)")))
                .isTrue();

        for (CompletableFuture<Delivery> f : List.of(first, second, third, fourth)) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(Delivery.SPILLED);
        }
        assertThat(emitter.state().spilled()).isEqualTo(4);

        kafka.succeeded();
        await().atMost(WAIT).until(() -> emitter.state().spilled() == 0);
        assertThat(sentKeysAndNumbers().subList(2, 6)).containsExactly("u1:0", "u1:1", "u1:2", "u1:3");
    }

    @Test
    void a_send_on_a_full_queue_fails_at_once_as_queue_full_instead_of_overtaking_queued_records() {
        emitter(true, 1 << 20, 1, false);

        CompletableFuture<Delivery> queued = emitter.send(keyed("u1", 0));
        CompletableFuture<Delivery> refused = emitter.send(keyed("u1", 1));

        assertThat(queued).isNotDone();
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).cause().isInstanceOfSatisfying(EventDroppedException.class, e -> {
            assertThat(e.reason()).isEqualTo("queue_full");
            assertThat(e.isTransient()).isTrue();
        });
        assertThat(emitter.state().spilled()).isZero();
    }

    @Test
    void a_send_past_the_spill_cap_fails_as_spill_full() {
        emitter(true, 2048, 1000, true);
        kafka.failed(new TimeoutException("down"));

        List<CompletableFuture<Delivery>> sends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sends.add(emitter.send(keyed("u1", i)));
        }
        await().atMost(WAIT).until(() -> sends.stream().allMatch(CompletableFuture::isDone));

        assertThat(sends.getFirst().join()).isEqualTo(Delivery.SPILLED);
        assertThatThrownBy(sends.getLast()::join)
                .cause()
                .isInstanceOfSatisfying(
                        EventDroppedException.class, e -> assertThat(e.reason()).isEqualTo("spill_full"));
        assertThat(emitter.state().lastDropReason()).isEqualTo("spill_full");
    }
}
