package io.sluice.textwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({KafkaBroker.class, Postgres.class})
class TextWriterKafkaIT {

    @Test
    void uuid_non_uuid_and_missing_ids_land_in_postgres_and_a_replay_changes_nothing() {
        try (TextWriterFixture tw = TextWriterFixture.start()) {
            String uuid = UUID.randomUUID().toString();
            KafkaBroker.produce(tw.topic, null, "{\"id\":\"" + uuid + "\",\"text\":\"with uuid\"}");
            KafkaBroker.produce(tw.topic, null, "{\"id\":\"test-123\",\"text\":\"Hello Kafka\"}");
            var noId = KafkaBroker.produce(tw.topic, null, "{\"text\":\"no id\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> tw.rows() == 3);

            assertThat(tw.db.query("SELECT message, source FROM text_messages WHERE source_id IS NULL AND id = '" + uuid
                            + "'"))
                    .containsExactly(Map.of("message", "with uuid", "source", "kafka"));
            UUID mapped = MessageIds.forProducerId("test-123");
            assertThat(tw.db.query("SELECT message, source_id FROM text_messages WHERE id = '" + mapped + "'"))
                    .containsExactly(Map.of("message", "Hello Kafka", "source_id", "test-123"));
            UUID derived = MessageIds.forRecordPosition(tw.topic, noId.partition(), noId.offset());
            assertThat(tw.db.count("SELECT count(*) FROM text_messages WHERE id = '" + derived + "'"))
                    .isEqualTo(1);
            assertThat(tw.get("/messages/test-123").statusCode()).isEqualTo(200);

            // The same ids again, one with other text: nothing changes, the first text stays.
            KafkaBroker.produce(tw.topic, null, "{\"id\":\"" + uuid + "\",\"text\":\"with uuid\"}");
            KafkaBroker.produce(tw.topic, null, "{\"id\":\"test-123\",\"text\":\"changed\"}");
            KafkaBroker.produce(tw.topic, null, "{\"id\":\"marker\",\"text\":\"marker\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> tw.rows() == 4);
            assertThat(tw.db.count("SELECT count(*) FROM text_messages WHERE message = 'changed'"))
                    .isZero();
        }
    }

    @Test
    void a_batch_repeating_an_id_or_meeting_a_stored_one_keeps_the_first_text_and_stores_the_rest() {
        String topic = KafkaBroker.freshTopic("repeats", 1);
        var db = Postgres.freshDatabase("repeats");
        try (TextWriterFixture tw = TextWriterFixture.start(topic, db, Map.of())) {
            KafkaBroker.produce(topic, null, "{\"id\":\"stored-first\",\"text\":\"first\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> tw.rows() == 1);
        }
        // One batch: a repeated id inside it, an id already stored, and new ids around them.
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            values.add("{\"id\":\"new-" + i + "\",\"text\":\"n" + i + "\"}");
        }
        values.add(50, "{\"id\":\"new-7\",\"text\":\"repeated\"}");
        values.add(100, "{\"id\":\"stored-first\",\"text\":\"second\"}");
        values.set(150, "{\"id\":\"escaped\",\"text\":\"tab\\there\\nline \\\\N back\\\\ \\r ünï 😀\"}");
        KafkaBroker.produceAll(topic, values);
        try (TextWriterFixture tw = TextWriterFixture.start(topic, db, Map.of())) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> db.count("SELECT coalesce(sum(next_offset), 0) FROM sluice_offsets") == 203);
            assertThat(tw.rows()).isEqualTo(201);
            assertThat(db.count("SELECT count(*) FROM text_messages WHERE message IN ('repeated', 'second')"))
                    .isZero();
            assertThat(tw.db.query("SELECT message FROM text_messages WHERE source_id = 'escaped'"))
                    .containsExactly(Map.of("message", "tab\there\nline \\N back\\ \r ünï 😀"));
        }
    }

    @Test
    void a_full_replay_from_offset_zero_stores_nothing_twice() {
        String topic = KafkaBroker.freshTopic("replay", 3);
        var db = Postgres.freshDatabase("replay");
        List<String> values = IntStream.range(0, 500)
                .mapToObj(i -> i % 3 == 0
                        ? "{\"text\":\"no id " + i + "\"}"
                        : "{\"id\":\"r-" + i + "\",\"text\":\"t" + i + "\"}")
                .toList();
        KafkaBroker.produceAll(topic, values);
        try (TextWriterFixture tw = TextWriterFixture.start(topic, db, Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> tw.rows() == 500);
        }
        // Rewind the stored offsets as an operator replaying the topic would, and run again.
        db.execute("UPDATE sluice_offsets SET next_offset = 0");
        try (TextWriterFixture tw = TextWriterFixture.start(topic, db, Map.of())) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> db.count("SELECT coalesce(sum(next_offset), 0) FROM sluice_offsets") == 500);
            assertThat(tw.rows()).isEqualTo(500);
        }
    }

    @Test
    void poison_records_go_to_the_dlq_with_their_headers_and_the_records_around_them_are_stored() {
        String topic = KafkaBroker.freshTopic("poison", 1);
        List<String> values = new ArrayList<>();
        List<String> poison = List.of(
                "not json",
                "[1,2]",
                "{\"id\":\"p1\"}",
                "{\"text\":\"\"}",
                "{\"text\":42}",
                "{\"id\":{},\"text\":\"x\"}");
        for (int i = 0; i < 60; i++) {
            values.add(i % 10 == 5 ? poison.get(i / 10) : "{\"id\":\"ok-" + i + "\",\"text\":\"fine " + i + "\"}");
        }
        KafkaBroker.produceAll(topic, values);
        try (TextWriterFixture tw = TextWriterFixture.start(topic, Postgres.freshDatabase("poison"), Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> tw.rows() == 54);
            List<ConsumerRecord<byte[], byte[]>> dlq =
                    KafkaBroker.consumeAll(DeadLetterPublisher.topicFor(topic), Duration.ofSeconds(30), 6);
            assertThat(dlq).hasSize(6);
            assertThat(dlq.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)))
                    .containsExactlyElementsOf(poison);
            ConsumerRecord<byte[], byte[]> first = dlq.get(0);
            Map<String, String> headers = headers(first);
            assertThat(headers)
                    .containsEntry(DeadLetterPublisher.HEADER_TOPIC, topic)
                    .containsEntry(DeadLetterPublisher.HEADER_PARTITION, "0")
                    .containsEntry(DeadLetterPublisher.HEADER_OFFSET, "5")
                    .containsEntry(
                            DeadLetterPublisher.HEADER_ERROR_CLASS, "io.sluice.core.consumer.PoisonRecordException")
                    .containsEntry(DeadLetterPublisher.HEADER_SERVICE, TextWriterConfig.SERVICE)
                    .containsKey(DeadLetterPublisher.HEADER_TIMESTAMP);
            assertThat(headers.get(DeadLetterPublisher.HEADER_ERROR_MESSAGE)).startsWith("value is not valid JSON");
            assertThat(headers(dlq.get(2)).get(DeadLetterPublisher.HEADER_ERROR_MESSAGE))
                    .isEqualTo("field 'text' is missing");
            // Offsets moved past everything, poison included.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> tw.db.count("SELECT next_offset FROM sluice_offsets") == 60);
            assertThat(tw.service.consumerState().recordsFailed()).isEqualTo(6);
        }
    }

    @Test
    void health_reports_the_real_consumer_state() {
        try (TextWriterFixture tw = TextWriterFixture.start()) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> tw.get("/health").body().contains("\"status\":\"running\""));
            var health = tw.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"kafka_consumer_running\":true", "\"reachable\":true");
        }
    }

    static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
        return java.util.stream.StreamSupport.stream(r.headers().spliterator(), false)
                .collect(
                        Collectors.toMap(Header::key, h -> new String(h.value(), StandardCharsets.UTF_8), (a, b) -> b));
    }
}
