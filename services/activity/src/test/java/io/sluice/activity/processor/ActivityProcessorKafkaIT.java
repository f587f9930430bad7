package io.sluice.activity.processor;

import static io.sluice.activity.processor.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import io.sluice.testkit.TestHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The processor through a real broker (snappy records keyed by user) and PostgreSQL. */
@ExtendWith({KafkaBroker.class, Postgres.class})
class ActivityProcessorKafkaIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * u1: session s1 (page_view /a 10:00:00, page_view /b 10:00:30, click /b 10:01:10), session s2 (page_view /a
     * 11:00:00); u2: a purchase without a session at 10:00:45.
     */
    static final List<String> SCENARIO = List.of(
            event("e1", "page_view", "u1", "s1", "https://shop.example/a", "2024-01-15T10:00:00Z"),
            event("e2", "page_view", "u1", "s1", "https://shop.example/b", "2024-01-15T10:00:30Z"),
            event("e3", "click", "u1", "s1", "https://shop.example/b", "2024-01-15T10:01:10Z"),
            event("e4", "page_view", "u1", "s2", "https://shop.example/a", "2024-01-15T11:00:00Z"),
            event("e5", "purchase", "u2", null, null, "2024-01-15T10:00:45Z"));

    @Test
    void events_are_stored_with_their_per_user_per_session_and_per_minute_aggregates() {
        try (ProcessorFixture p = ProcessorFixture.start(Map.of())) {
            p.produce(SCENARIO);
            await().atMost(WAIT).until(() -> p.events() == 5);

            JsonNode u1 = TestHttp.json(p.get("/activity/users/u1"));
            assertThat(u1.get("events").asLong()).isEqualTo(4);
            assertThat(u1.get("events_by_type").toString()).isEqualTo("{\"click\":1,\"page_view\":3}");
            assertThat(u1.get("first_seen").asText()).isEqualTo("2024-01-15T10:00:00Z");
            assertThat(u1.get("last_seen").asText()).isEqualTo("2024-01-15T11:00:00Z");
            assertThat(u1.get("sessions").asLong()).isEqualTo(2);

            JsonNode s1 = TestHttp.json(p.get("/activity/sessions/s1"));
            assertThat(s1.get("user_id").asText()).isEqualTo("u1");
            assertThat(s1.get("started_at").asText()).isEqualTo("2024-01-15T10:00:00Z");
            assertThat(s1.get("ended_at").asText()).isEqualTo("2024-01-15T10:01:10Z");
            assertThat(s1.get("duration_seconds").asDouble()).isEqualTo(70.0);
            assertThat(s1.get("events").asLong()).isEqualTo(3);
            assertThat(s1.get("pages").asLong()).as("page views").isEqualTo(2);

            JsonNode stats = TestHttp.json(p.get("/activity/stats?from=2024-01-15T10:00:00Z&to=2024-01-15T10:02:00Z"));
            assertThat(stats.get("minutes").toString())
                    .isEqualTo("[{\"minute\":\"2024-01-15T10:00:00Z\",\"events\":{\"page_view\":2,\"purchase\":1}},"
                            + "{\"minute\":\"2024-01-15T10:01:00Z\",\"events\":{\"click\":1}}]");
            assertThat(stats.get("totals").toString()).isEqualTo("{\"click\":1,\"page_view\":2,\"purchase\":1}");

            JsonNode stored =
                    TestHttp.json(p.get("/activity/events?user_id=u2")).get("events");
            assertThat(stored).hasSize(1);
            assertThat(stored.get(0)
                            .get("event_data")
                            .get("form_data")
                            .get("field1")
                            .asText())
                    .isEqualTo("value1");
            assertThat(stored.get(0).get("client_info").get("language").asText())
                    .isEqualTo("en-US");
            assertThat(p.db.count("SELECT coalesce(sum(next_offset), 0) FROM sluice_offsets WHERE group_id = '"
                            + p.group + "'"))
                    .as("offsets stored with the rows")
                    .isEqualTo(5);
        }
    }

    @Test
    void a_repeated_event_id_is_stored_and_counted_once_within_a_batch_and_across_batches() {
        try (ProcessorFixture p = ProcessorFixture.start(Map.of())) {
            String first = event("dup", "page_view", "u1", "s1", "https://shop.example/a", "2024-01-15T10:00:00Z");
            String again = event("dup", "click", "u1", "s9", "https://shop.example/z", "2024-01-15T12:00:00Z");
            p.produce(List.of(first, first));
            await().atMost(WAIT).until(() -> p.consumed() == 2);
            p.produce(List.of(again, event("other", "click", "u1", "s1", null, "2024-01-15T10:00:10Z")));
            await().atMost(WAIT).until(() -> p.consumed() == 4);

            assertThat(p.events()).isEqualTo(2);
            JsonNode u1 = TestHttp.json(p.get("/activity/users/u1"));
            assertThat(u1.get("events").asLong()).isEqualTo(2);
            assertThat(u1.get("events_by_type").toString()).isEqualTo("{\"click\":1,\"page_view\":1}");
            assertThat(u1.get("sessions").asLong()).isEqualTo(1);
            assertThat(u1.get("last_seen").asText())
                    .as("the repeat changed nothing")
                    .isEqualTo("2024-01-15T10:00:10Z");
            assertThat(p.get("/activity/sessions/s9").statusCode()).isEqualTo(404);
            assertThat(p.db.count("SELECT sum(events) FROM activity_minutes")).isEqualTo(2);
        }
    }

    @Test
    void poison_records_go_to_the_dlq_with_the_reason_while_the_records_around_them_are_stored() {
        try (ProcessorFixture p = ProcessorFixture.start(Map.of())) {
            List<String> values = new ArrayList<>();
            values.add(event("ok-1", "page_view", "u1", "s1", null, "2024-01-15T10:00:00Z"));
            values.add("{\"event_id\": \"broken\"");
            values.add(event("ok-2", "page_view", "u1", "s1", null, "2024-01-15T10:00:01Z"));
            values.add(event("no-user", "click", "u1", null, null, "2024-01-15T10:00:02Z")
                    .replace("\"user_id\":\"u1\",", ""));
            values.add(event("bad-time", "click", "u1", null, null, "15/01/2024 10:00"));
            values.add(event("bad-data", "click", "u1", null, null, "2024-01-15T10:00:03Z")
                    .replace("{\"button_clicked\":\"submit\",\"form_data\":{\"field1\":\"value1\"}}", "[1,2]"));
            values.add(event("nul", "click", "u1", null, null, "2024-01-15T10:00:04Z")
                    .replace("\"value1\"", "\"a\\u0000b\""));
            values.add(event("ok-3", "page_view", "u1", "s1", null, "2024-01-15T10:00:05Z"));
            p.produce(values);

            List<ConsumerRecord<byte[], byte[]>> dead =
                    KafkaBroker.consumeAll(DeadLetterPublisher.topicFor(p.topic), WAIT, 5);
            assertThat(dead).hasSize(5);
            await().atMost(WAIT).until(() -> p.consumed() == values.size());
            assertThat(p.db.query("SELECT event_id FROM activity_events ORDER BY event_id"))
                    .extracting(r -> r.get("event_id"))
                    .containsExactly("ok-1", "ok-2", "ok-3");
            assertThat(dead)
                    .extracting(r -> header(r, DeadLetterPublisher.HEADER_ERROR_MESSAGE))
                    .anySatisfy(m -> assertThat(m).contains("value is not valid JSON"))
                    .anySatisfy(m -> assertThat(m).isEqualTo("field 'user_id' is missing"))
                    .anySatisfy(m -> assertThat(m)
                            .isEqualTo("field 'timestamp' must be an RFC 3339 date-time such as"
                                    + " 2024-01-15T10:30:45Z, got '15/01/2024 10:00'"))
                    .anySatisfy(m -> assertThat(m).isEqualTo("field 'event_data' must be an object, got an array"))
                    .anySatisfy(m -> assertThat(m).contains("unsupported Unicode escape sequence"));
            assertThat(TestHttp.json(p.get("/activity/users/u1")).get("events").asLong())
                    .isEqualTo(3);
        }
    }

    @Test
    void replaying_the_topic_with_a_new_group_or_from_the_beginning_gives_the_same_rows() {
        String topic = KafkaBroker.freshTopic("activity-replay", 2);
        TestDatabase db = Postgres.freshDatabase("activity_replay");
        List<String> values = new ArrayList<>(SCENARIO);
        for (int i = 0; i < 200; i++) {
            values.add(event(
                    "bulk-" + i,
                    i % 3 == 0 ? "click" : "page_view",
                    "user-" + (i % 7),
                    "sess-" + (i % 11),
                    "https://shop.example/p/" + (i % 5),
                    "2024-01-15T10:%02d:%02dZ".formatted(i / 60, i % 60)));
        }
        String before;
        try (ProcessorFixture p = ProcessorFixture.start(topic, "first", db, Map.of())) {
            p.produce(values);
            await().atMost(WAIT).until(() -> p.consumed() == values.size());
            before = snapshot(db);
        }
        try (ProcessorFixture again = ProcessorFixture.start(topic, "replay", db, Map.of())) {
            await().atMost(WAIT).until(() -> again.consumed() == values.size());
            assertThat(snapshot(db)).isEqualTo(before);
        }
        try (ProcessorFixture rewound = ProcessorFixture.start(
                topic, "first", db, Map.of("services.activity-processor.read_from_beginning", "true"))) {
            await().atMost(WAIT).until(() -> rewound.consumed() == values.size());
            assertThat(snapshot(db)).isEqualTo(before);
        }
        assertThat(before).contains("u1|4|");
    }

    @Test
    void the_seed_log_lines_and_one_per_event_at_info_in_development_only() {
        Logger seed = (Logger) LoggerFactory.getLogger("ProcessingService");
        Level before = seed.getLevel();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        seed.addAppender(lines);
        seed.setLevel(Level.INFO);
        try {
            try (ProcessorFixture p =
                    ProcessorFixture.start(Map.of("services.activity-processor.environment", "development"))) {
                p.produce(SCENARIO.subList(0, 3));
                await().atMost(WAIT).until(() -> p.events() == 3);
            }
            assertThat(lines.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .startsWith("Starting Processing Service...", "Successfully connected to Kafka")
                    .containsOnlyOnce("Processing event: click")
                    .filteredOn(m -> m.equals("Processing event: page_view"))
                    .hasSize(2);
            lines.list.clear();
            try (ProcessorFixture p =
                    ProcessorFixture.start(Map.of("services.activity-processor.environment", "production"))) {
                p.produce(SCENARIO.subList(0, 3));
                await().atMost(WAIT).until(() -> p.events() == 3);
            }
            assertThat(lines.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("Starting Processing Service...", "Successfully connected to Kafka");
        } finally {
            seed.detachAppender(lines);
            seed.setLevel(before);
        }
    }

    /** Every table but the events' storage details, as text. */
    static String snapshot(TestDatabase db) {
        StringBuilder out = new StringBuilder();
        for (String sql : List.of(
                "SELECT event_id, event_type, user_id, session_id, page_url, event_time, record FROM activity_events"
                        + " ORDER BY event_id",
                "SELECT * FROM activity_users ORDER BY user_id",
                "SELECT * FROM activity_sessions ORDER BY session_id",
                "SELECT * FROM activity_minutes ORDER BY minute, event_type")) {
            for (Map<String, Object> row : db.query(sql)) {
                out.append(String.join(
                                "|", row.values().stream().map(String::valueOf).toList()))
                        .append('\n');
            }
        }
        return out.toString();
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
