package io.sluice.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.core.consumer.PoisonRecordException;
import io.sluice.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dead-letter lifecycle against a real broker: dead letters written by the real {@link DeadLetterPublisher}. */
@ExtendWith(KafkaBroker.class)
class DeadLettersIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    String topic;
    String dlq;
    DeadLetters deadLetters;

    @BeforeEach
    void deadLetter() throws Exception {
        topic = KafkaBroker.freshTopic("orders");
        dlq = DeadLetterPublisher.topicFor(topic);
        KafkaBroker.createTopic(dlq, 1);
        produceOriginal("k0", "{not json", Map.of("trace", "t-0"));
        produceOriginal("k1", "{\"id\":\"a-1\"}", Map.of("trace", "t-1"));
        produceOriginal("k2", "x".repeat(5_000), Map.of());
        List<ConsumerRecord<byte[], byte[]>> originals = KafkaBroker.consumeAll(topic, WAIT, 3);
        assertThat(originals).hasSize(3);
        try (DeadLetterPublisher dl = DeadLetterPublisher.create(
                KafkaBroker.bootstrapServers(),
                "orders-service",
                io.sluice.core.consumer.DeadLetterConfig.defaults(),
                Map.of())) {
            dl.publish(originals.get(0), new PoisonRecordException("Invalid JSON at offset 0"));
            dl.publish(originals.get(1), new IllegalStateException("Row conflict on a-1"));
            dl.flush();
        }
        try (DeadLetterPublisher small = new DeadLetterPublisher(producer(), "orders-service", 2_048)) {
            small.publish(originals.get(2), new PoisonRecordException("too long"));
            small.flush();
        }
        deadLetters = DeadLetters.open(KafkaBroker.bootstrapServers(), Map.of());
    }

    @AfterEach
    void close() {
        deadLetters.close();
    }

    @Test
    void lists_every_dead_letter_with_its_origin_error_and_payload_newest_first() {
        DeadLetterListing l = deadLetters.list(new DeadLetterFilter(topic, null, null, null), 100);

        assertThat(l.scanned()).isEqualTo(3);
        assertThat(l.matched()).isEqualTo(3);
        assertThat(l.complete()).isTrue();
        assertThat(l.records())
                .extracting(d -> d.id().toString())
                .containsExactly(dlq + ":0:2", dlq + ":0:1", dlq + ":0:0");
        DeadLetter first = l.records().get(2);
        assertThat(first.original()).isEqualTo(new RecordPosition(topic, 0, 0L));
        assertThat(first.errorClass()).isEqualTo(PoisonRecordException.class.getName());
        assertThat(first.errorMessage()).isEqualTo("Invalid JSON at offset 0");
        assertThat(first.service()).isEqualTo("orders-service");
        assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("k0");
        assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(first.header("trace")).isEqualTo("t-0");
        assertThat(first.status()).isEqualTo(DeadLetterStatus.OPEN);
        assertThat(l.records().get(0).truncated()).isTrue();
        assertThat(deadLetters
                        .list(new DeadLetterFilter(dlq, null, null, null), 1)
                        .records())
                .singleElement()
                .extracting(d -> d.id().offset())
                .isEqualTo(2L);
    }

    @Test
    void filters_by_error_case_insensitively_by_time_and_by_status() {
        assertThat(deadLetters
                        .list(new DeadLetterFilter(topic, null, "row CONFLICT", null), 100)
                        .records())
                .extracting(d -> d.id().offset())
                .containsExactly(1L);
        assertThat(deadLetters
                        .list(new DeadLetterFilter(topic, null, "poisonrecord", null), 100)
                        .matched())
                .isEqualTo(2);
        DeadLetterListing future =
                deadLetters.list(new DeadLetterFilter(topic, Instant.now().plusSeconds(3600), null, null), 100);
        assertThat(future.scanned()).isZero();
        assertThat(future.records()).isEmpty();
        assertThat(deadLetters
                        .list(new DeadLetterFilter(topic, Instant.now().minusSeconds(3600), null, null), 100)
                        .matched())
                .isEqualTo(3);

        deadLetters.resolve(DeadLetterId.parse(dlq + ":0:1"), "fixed upstream", "test");
        assertThat(deadLetters
                        .list(new DeadLetterFilter(topic, null, null, DeadLetterStatus.RESOLVED), 100)
                        .records())
                .extracting(d -> d.id().offset())
                .containsExactly(1L);
        DeadLetterListing open = deadLetters.list(new DeadLetterFilter(topic, null, null, DeadLetterStatus.OPEN), 100);
        assertThat(open.scanned()).isEqualTo(3);
        assertThat(open.matched()).isEqualTo(2);
    }

    @Test
    void shows_one_and_refuses_an_id_with_no_record() {
        DeadLetter d = deadLetters.show(DeadLetterId.parse(dlq + ":0:1"));
        assertThat(d.errorMessage()).isEqualTo("Row conflict on a-1");

        assertThatThrownBy(() -> deadLetters.show(DeadLetterId.parse(dlq + ":0:3")))
                .isInstanceOf(UnknownDeadLetterException.class)
                .hasMessage("no dead letter at " + dlq + ":0:3 (see: sluice dlq ls)");
        assertThatThrownBy(() -> deadLetters.show(DeadLetterId.parse(dlq + ":7:0")))
                .isInstanceOf(UnknownDeadLetterException.class);
        assertThatThrownBy(() -> deadLetters.show(DeadLetterId.parse("nope-x.dlq:0:0")))
                .isInstanceOf(UnknownDeadLetterException.class);
    }

    @Test
    void replay_produces_the_original_record_with_provenance_once_unless_forced() {
        DeadLetterId id = DeadLetterId.parse(dlq + ":0:1");

        ReplayResult r = deadLetters.replay(List.of(id), false, false, "test");

        assertThat(r.skipped()).isEmpty();
        assertThat(r.replayed()).singleElement().satisfies(x -> {
            assertThat(x.to().topic()).isEqualTo(topic);
            assertThat(x.to().offset()).isEqualTo(3L);
        });
        List<ConsumerRecord<byte[], byte[]>> all = KafkaBroker.consumeAll(topic, WAIT, 4);
        assertThat(all).hasSize(4);
        ConsumerRecord<byte[], byte[]> replayed = all.get(3);
        assertThat(new String(replayed.key(), StandardCharsets.UTF_8)).isEqualTo("k1");
        assertThat(new String(replayed.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"a-1\"}");
        assertThat(headers(replayed))
                .containsEntry("trace", "t-1")
                .containsEntry(DeadLetters.HEADER_REPLAY_OF, id.toString())
                .containsEntry(DeadLetters.HEADER_REPLAY_BY, "test")
                .containsKey(DeadLetters.HEADER_REPLAY_AT)
                .doesNotContainKeys(DeadLetterPublisher.HEADER_TOPIC, DeadLetterPublisher.HEADER_ERROR_CLASS);

        ReplayResult again = deadLetters.replay(List.of(id), false, false, "test");
        assertThat(again.replayed()).isEmpty();
        assertThat(again.skipped()).singleElement().satisfies(s -> assertThat(s.reason())
                .startsWith("already replayed at ")
                .contains(" to " + topic + ":0:3")
                .endsWith("; force to replay it again"));

        ReplayResult forced = deadLetters.replay(List.of(id), false, true, "test");
        assertThat(forced.replayed()).singleElement().satisfies(x -> assertThat(x.to().offset())
                .isEqualTo(4L));

        try (DeadLetters fresh = DeadLetters.open(KafkaBroker.bootstrapServers(), Map.of())) {
            DeadLetter d = fresh.show(id);
            assertThat(d.status()).isEqualTo(DeadLetterStatus.REPLAYED);
            assertThat(d.state().history())
                    .extracting(DeadLetterAction::action, a -> a.to().offset())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("replay", 3L),
                            org.assertj.core.groups.Tuple.tuple("replay", 4L));
            assertThat(fresh.replay(List.of(id), false, false, "other").skipped())
                    .hasSize(1);
        }
    }

    @Test
    void resolve_is_durable_and_stops_a_replay_unless_forced() {
        DeadLetterId id = DeadLetterId.parse(dlq + ":0:0");

        Resolution res = deadLetters.resolve(id, "bad upstream data, dropped", "alice");

        assertThat(res.status()).isEqualTo(DeadLetterStatus.RESOLVED);
        try (DeadLetters fresh = DeadLetters.open(KafkaBroker.bootstrapServers(), Map.of())) {
            DeadLetter d = fresh.show(id);
            assertThat(d.status()).isEqualTo(DeadLetterStatus.RESOLVED);
            assertThat(d.state().history()).singleElement().satisfies(a -> {
                assertThat(a.action()).isEqualTo("resolve");
                assertThat(a.by()).isEqualTo("alice");
                assertThat(a.note()).isEqualTo("bad upstream data, dropped");
            });
            assertThat(fresh.replay(List.of(id), false, false, "bob").skipped())
                    .singleElement()
                    .satisfies(s -> assertThat(s.reason())
                            .startsWith("resolved at ")
                            .endsWith(" by alice; force to replay it"));
            assertThat(fresh.replay(List.of(id), false, true, "bob").replayed()).hasSize(1);
        }
        assertThatThrownBy(() -> deadLetters.resolve(DeadLetterId.parse(dlq + ":0:9"), null, "alice"))
                .isInstanceOf(UnknownDeadLetterException.class);
    }

    @Test
    void a_truncated_dead_letter_is_refused_and_says_where_the_whole_record_is() {
        ReplayResult r = deadLetters.replay(List.of(DeadLetterId.parse(dlq + ":0:2")), false, true, "test");

        assertThat(r.replayed()).isEmpty();
        assertThat(r.skipped()).singleElement().satisfies(s -> assertThat(s.reason())
                .isEqualTo("truncated: this dead letter holds only part of the value (5000 bytes originally); the"
                        + " whole record is still in " + topic + " partition 0 at offset 2 until retention removes"
                        + " it: replay it from there"));
    }

    @Test
    void a_dry_run_says_what_would_be_replayed_and_writes_nothing() {
        ReplayResult r = deadLetters.replayMatching(new DeadLetterFilter(topic, null, null, null), true, false, "t");

        assertThat(r.dryRun()).isTrue();
        assertThat(r.replayed())
                .extracting(x -> x.id().offset(), x -> x.to())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0L, new RecordPosition(topic, null, null)),
                        org.assertj.core.groups.Tuple.tuple(1L, new RecordPosition(topic, null, null)));
        assertThat(r.skipped()).extracting(s -> s.id().offset()).containsExactly(2L);
        assertThat(KafkaBroker.consumeAll(topic, Duration.ofSeconds(2), 4)).hasSize(3);
        assertThat(deadLetters.show(DeadLetterId.parse(dlq + ":0:0")).status()).isEqualTo(DeadLetterStatus.OPEN);
    }

    @Test
    void replays_all_that_match_oldest_first() {
        ReplayResult r =
                deadLetters.replayMatching(new DeadLetterFilter(topic, null, "invalid json", null), false, false, "t");

        assertThat(r.replayed()).extracting(x -> x.id().offset()).containsExactly(0L);
        assertThat(deadLetters.summary().topics())
                .filteredOn(t -> t.topic().equals(dlq))
                .singleElement()
                .isEqualTo(new DeadLetterSummary.TopicCount(dlq, 3, 2));
    }

    @Test
    void an_unknown_id_replays_nothing() {
        assertThatThrownBy(() -> deadLetters.replay(
                        List.of(DeadLetterId.parse(dlq + ":0:0"), DeadLetterId.parse(dlq + ":0:99")),
                        false,
                        false,
                        "t"))
                .isInstanceOf(UnknownDeadLetterException.class)
                .hasMessageContaining(dlq + ":0:99");
        assertThat(deadLetters.show(DeadLetterId.parse(dlq + ":0:0")).status()).isEqualTo(DeadLetterStatus.OPEN);
    }

    @Test
    void kafka_out_of_reach_is_unavailable_not_a_bug() {
        try (DeadLetters none = DeadLetters.open("127.0.0.1:1", Map.of(), Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> none.list(DeadLetterFilter.ALL, 10))
                    .isInstanceOf(DeadLettersUnavailableException.class)
                    .hasMessageStartingWith("cannot list dead letters: Kafka at 127.0.0.1:1 did not answer within 2s");
        }
    }

    @Test
    void times_parse_in_every_accepted_form() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), java.time.ZoneOffset.UTC);
        assertThat(DeadLetterFilter.parseTime("2h", clock)).isEqualTo(Instant.parse("2026-12-05T08:00:00Z"));
        assertThat(DeadLetterFilter.parseTime("2026-12-04", clock)).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
        assertThat(DeadLetterFilter.parseTime("2026-12-04T01:02:03+01:00", clock))
                .isEqualTo(Instant.parse("2026-12-04T00:02:03Z"));
        assertThat(DeadLetterFilter.parseTime("1764930930000", clock)).isEqualTo(Instant.ofEpochMilli(1764930930000L));
        assertThatThrownBy(() -> DeadLetterFilter.parseTime("yesterday", clock))
                .hasMessageStartingWith("invalid time 'yesterday': expected an ISO-8601 time");
    }

    private void produceOriginal(String key, String value, Map<String, String> headers)
            throws ExecutionException, InterruptedException {
        RecordHeaders h = new RecordHeaders();
        headers.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            p.send(new ProducerRecord<>(
                            topic, 0, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), h))
                    .get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        return new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> m = new HashMap<>();
        for (Header h : r.headers()) {
            m.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return m;
    }
}
