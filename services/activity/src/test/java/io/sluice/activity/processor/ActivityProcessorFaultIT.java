package io.sluice.activity.processor;

import static io.sluice.activity.processor.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.embedded.EmbeddedPostgres;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import io.sluice.testkit.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops mid-stream and comes back: reads answer 503, the loop pauses (degraded), and afterwards every event
 * is stored once with exact aggregates and stored offsets, and nothing reached the dead-letter topic.
 */
@ExtendWith({KafkaBroker.class, Postgres.class})
class ActivityProcessorFaultIT {
    private static final int BEFORE = 100;
    private static final int DURING = 300;

    @TempDir
    Path dir;

    @Test
    void a_postgres_outage_mid_stream_loses_nothing_doubles_nothing_and_sends_nothing_to_the_dlq() {
        try (EmbeddedPostgres pg = Postgres.dedicated(dir.resolve("pg"))) {
            pg.start();
            pg.ensureDatabase("activity_outage");
            TestDatabase db = TestDatabase.on(pg, "activity_outage");
            String topic = KafkaBroker.freshTopic("activity-outage", 2);
            try (ProcessorFixture p = ProcessorFixture.start(topic, "outage", db, Map.of())) {
                p.produce(events(0, BEFORE));
                await().atMost(Duration.ofSeconds(30)).until(() -> p.events() == BEFORE);

                pg.stop();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> p.get("/health").statusCode() == 503);
                var r = p.get("/activity/users/user-1");
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.body()).isEqualTo("{\"error\":\"Database unavailable, try again later\"}");
                assertThat(p.get("/live").statusCode()).isEqualTo(200);
                // new events, and the first ten again (a producer's retry): stored once all the same
                List<String> during = events(BEFORE, BEFORE + DURING);
                during.addAll(events(0, 10));
                p.produce(during);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> p.service.consumerState().status().name().equals("DEGRADED"));

                pg.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> p.consumed() == BEFORE + DURING + 10);
                assertThat(p.events()).isEqualTo(BEFORE + DURING);
                assertThat(db.count("SELECT sum(events) FROM activity_users")).isEqualTo(BEFORE + DURING);
                assertThat(db.count("SELECT sum(events) FROM activity_minutes")).isEqualTo(BEFORE + DURING);
                assertThat(db.count("SELECT sum(events) FROM activity_sessions"))
                        .isEqualTo(BEFORE + DURING);
                assertThat(db.count("SELECT sum(sessions) FROM activity_users"))
                        .as("each session counted to one user")
                        .isEqualTo(db.count("SELECT count(*) FROM activity_sessions"));
                assertThat(TestHttp.json(p.get("/activity/users/user-1"))
                                .get("events")
                                .asLong())
                        .isEqualTo((BEFORE + DURING) / 10);
                assertThat(db.count("SELECT sum(next_offset) FROM sluice_offsets WHERE topic = '" + topic + "'"))
                        .as("offsets at the end of the topic")
                        .isEqualTo(BEFORE + DURING + 10);
                assertThat(p.service.consumerState().recordsFailed()).isZero();
                assertThat(KafkaBroker.consumeAll(DeadLetterPublisher.topicFor(topic), Duration.ofSeconds(2), 1))
                        .isEmpty();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> p.get("/health").statusCode() == 200);
            }
        }
    }

    /** Events {@code from} to {@code to - 1}: ten users, twenty sessions, one a second. */
    static List<String> events(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(event(
                    "ev-" + i,
                    i % 4 == 0 ? "click" : "page_view",
                    "user-" + (i % 10),
                    "session-" + (i % 20),
                    "https://shop.example/p/" + (i % 3),
                    "2024-01-15T%02d:%02d:%02dZ".formatted(10 + i / 3600, (i / 60) % 60, i % 60)));
        }
        return out;
    }
}
