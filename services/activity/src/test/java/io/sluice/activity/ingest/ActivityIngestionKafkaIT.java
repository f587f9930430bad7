package io.sluice.activity.ingest;

import static io.sluice.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.Json;
import io.sluice.embedded.EmbeddedKafka;
import io.sluice.testkit.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a broker of its own (it is stopped and restarted): records keyed by {@code user_id}, in order per user, in
 * snappy batches on disk; with the broker away, events are answered 202 from the spill file and reach Kafka, in order
 * and once each, when it is back.
 */
class ActivityIngestionKafkaIT {
    private static final int USERS = 5;

    @TempDir
    static Path dir;

    private static EmbeddedKafka broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.dedicated(dir.resolve("kafka"));
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static JsonNode parse(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String event(int n) {
        return "{\"event_id\":\"e-" + n + "\",\"event_type\":\"click\",\"user_id\":\"user-" + (n % USERS)
                + "\",\"event_data\":{\"n\":" + n + "}}";
    }

    @Test
    void records_are_keyed_by_user_id_in_order_per_user_and_stored_in_snappy_batches() throws IOException {
        try (IngestionFixture app =
                IngestionFixture.start(broker.bootstrapServers(), "activity-order", dir.resolve("a"), Map.of())) {
            int n = 0;
            for (int b = 0; b < 5; b++) {
                List<String> events = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    events.add(event(n++));
                }
                HttpResponse<String> r =
                        app.postJson("/events/batch", "{\"events\":[" + String.join(",", events) + "]}");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            }
            for (int i = 0; i < 20; i++) {
                assertThat(app.postJson("/events", event(n++)).statusCode()).isEqualTo(202);
            }

            List<ConsumerRecord<byte[], byte[]>> records =
                    TopicReader.read(broker.bootstrapServers(), app.topic, n, Duration.ofSeconds(20));

            assertThat(records).hasSize(n);
            assertOrderedPerUser(records, n);
            assertThat(batchCompressions(app.topic)).containsOnly(CompressionType.SNAPPY);
        }
    }

    @Test
    void
            with_the_broker_stopped_events_are_answered_202_from_the_spill_file_and_delivered_in_order_once_when_it_is_back() {
        Map<String, String> extra = new HashMap<>();
        try (IngestionFixture app =
                IngestionFixture.start(broker.bootstrapServers(), "activity-down", dir.resolve("b"), extra)) {
            int n = 0;
            for (; n < 20; n++) {
                assertThat(app.postJson("/events", event(n)).statusCode()).isEqualTo(202);
            }

            broker.stop();
            try {
                for (int i = 0; i < 40; i++, n++) {
                    HttpResponse<String> r = i % 4 == 3
                            ? app.postJson("/events/batch", "{\"events\":[" + event(n) + "]}")
                            : app.postJson("/events", event(n));
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                    assertThat(json(r).path("status").asText()).isEqualTo("accepted");
                }
                assertThat(app.service.emitter().state().spilled()).isPositive();
                assertThat(json(app.get("/health")).path("status").asText()).isEqualTo("degraded");
                assertThat(app.get("/metrics").body())
                        .containsPattern("sluice_activity_ingest_spilled_total\\{service=\"ingestion-service\"} [1-9]");
            } finally {
                broker.start();
            }

            int total = n;
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> app.service.emitter().state().spilled() == 0);
            List<ConsumerRecord<byte[], byte[]>> records =
                    TopicReader.read(broker.bootstrapServers(), app.topic, total, Duration.ofSeconds(20));
            assertThat(records).hasSize(total);
            assertOrderedPerUser(records, total);
        }
    }

    /** Each user's records in one partition, keyed by the user, in the order sent, each event once. */
    private static void assertOrderedPerUser(List<ConsumerRecord<byte[], byte[]>> records, int total) {
        Map<String, Integer> partitionOf = new HashMap<>();
        Map<String, List<Integer>> numbersOf = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode e = parse(r.value());
            String user = e.path("user_id").asText();
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(user);
            assertThat(partitionOf.computeIfAbsent(user, u -> r.partition())).isEqualTo(r.partition());
            numbersOf
                    .computeIfAbsent(user, u -> new ArrayList<>())
                    .add(e.path("event_data").path("n").asInt());
            ids.add(e.path("event_id").asText());
        }
        assertThat(ids).hasSize(total);
        assertThat(numbersOf).hasSize(USERS);
        numbersOf.forEach((user, numbers) -> assertThat(numbers).as(user).isSorted());
    }

    /** The compression of every record batch in the topic's log segments on the broker's disk. */
    private static List<CompressionType> batchCompressions(String topic) throws IOException {
        List<Path> segments;
        try (Stream<Path> files = Files.walk(broker.dataDirectory())) {
            segments = files.filter(p -> p.getParent().getFileName().toString().startsWith(topic + "-"))
                    .filter(p -> p.getFileName().toString().endsWith(".log"))
                    .toList();
        }
        assertThat(segments).isNotEmpty();
        List<CompressionType> types = new ArrayList<>();
        for (Path segment : segments) {
            try (FileRecords records = FileRecords.open(segment.toFile())) {
                for (RecordBatch batch : records.batches()) {
                    types.add(batch.compressionType());
                }
            }
        }
        assertThat(types).isNotEmpty();
        return types;
    }
}
