package io.sluice.textwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.embedded.EmbeddedPostgres;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.PostgresHang;
import io.sluice.testkit.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Faults mid-stream: a PostgreSQL outage and a SIGKILLed consumer process lose nothing and duplicate nothing. */
@ExtendWith({KafkaBroker.class, Postgres.class})
class TextWriterFaultIT {
    private static final int MESSAGES = 20_000;

    @TempDir
    Path dir;

    @Test
    void a_postgres_outage_mid_stream_loses_nothing_and_duplicates_nothing() throws Exception {
        String topic = KafkaBroker.freshTopic("outage", 3);
        try (EmbeddedPostgres pg = Postgres.dedicated(dir.resolve("pg"))) {
            pg.start();
            pg.ensureDatabase("outage");
            TestDatabase db = TestDatabase.on(pg, "outage");
            Set<UUID> expected = new HashSet<>();
            try (TextWriterFixture tw = TextWriterFixture.start(topic, db, Map.of())) {
                CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(topic, expected));
                await().atMost(Duration.ofSeconds(60)).until(() -> tw.rows() > 1_000);

                pg.stop();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> tw.get("/health").statusCode() == 503);
                assertThat(tw.get("/health").body()).contains("\"reachable\":false");
                var list = tw.get("/messages");
                assertThat(list.statusCode()).isEqualTo(503);
                assertThat(list.body()).isEqualTo("{\"error\":\"Database unavailable, try again later\"}");
                assertThat(tw.get("/live").statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> tw.service.consumerState().status().name().equals("DEGRADED"));
                producing.get(60, TimeUnit.SECONDS);
                pg.start();

                await().atMost(Duration.ofSeconds(90)).until(() -> tw.rows() == MESSAGES);
                assertStoredExactly(db, topic, expected);
                assertThat(tw.service.consumerState().recordsFailed()).isZero();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> tw.get("/health").statusCode() == 200);
            }
        }
    }

    @Test
    void a_hung_postgres_gives_503s_within_the_timeouts_and_the_api_recovers_when_it_resumes() {
        try (EmbeddedPostgres pg = Postgres.dedicated(dir.resolve("pg-hang"))) {
            pg.start();
            pg.ensureDatabase("hang");
            TestDatabase db = TestDatabase.on(pg, "hang");
            Map<String, String> timeouts = Map.of(
                    "database.connection_timeout_ms", "1000",
                    "database.socket_timeout_ms", "1000",
                    "database.statement_timeout_ms", "800");
            try (TextWriterFixture tw = TextWriterFixture.start(KafkaBroker.freshTopic("hang", 1), db, timeouts)) {
                assertThat(tw.postJson("/messages", "{\"message\":\"before\"}").statusCode())
                        .isEqualTo(201);
                try (PostgresHang hang = PostgresHang.of(pg)) {
                    // Without the timeouts each call waits for the server for ever (the client gives up after 30 s).
                    for (String path : List.of("/messages", "/stats", "/messages/x")) {
                        var r = tw.get(path);
                        assertThat(r.statusCode()).as(path).isEqualTo(503);
                        assertThat(r.body()).isEqualTo("{\"error\":\"Database unavailable, try again later\"}");
                    }
                    var post = tw.postJson("/messages", "{\"message\":\"during\"}");
                    assertThat(post.statusCode()).isEqualTo(503);
                }
                await().atMost(Duration.ofSeconds(30))
                        .ignoreExceptions()
                        .until(() -> tw.get("/messages").statusCode() == 200);
            }
        }
    }

    @Test
    void a_consumer_process_killed_mid_stream_and_restarted_stores_exactly_the_produced_set() throws Exception {
        String topic = KafkaBroker.freshTopic("kill", 3);
        TestDatabase db = Postgres.freshDatabase("kill");
        Set<UUID> expected = new HashSet<>();
        produce(topic, expected);

        Process first = startChild(topic, db, dir.resolve("first.log"));
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> rows(db) > 2_000);
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(rows(db)).isLessThan(MESSAGES);
        } finally {
            first.destroyForcibly();
        }
        Process second = startChild(topic, db, dir.resolve("second.log"));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> rows(db) == MESSAGES);
            assertStoredExactly(db, topic, expected);
        } finally {
            second.destroy();
            assertThat(second.waitFor(30, TimeUnit.SECONDS))
                    .as("stops on SIGTERM")
                    .isTrue();
        }
    }

    private static void produce(String topic, Set<UUID> expected) {
        List<String> values = new ArrayList<>(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            UUID id = UUID.randomUUID();
            synchronized (expected) {
                expected.add(id);
            }
            values.add("{\"id\":\"" + id + "\",\"text\":\"message " + i + "\"}");
        }
        for (int i = 0; i < MESSAGES; i += 2_000) {
            KafkaBroker.produceAll(topic, values.subList(i, Math.min(MESSAGES, i + 2_000)));
        }
    }

    private static long rows(TestDatabase db) {
        return db.count("SELECT count(*) FROM text_messages");
    }

    private static void assertStoredExactly(TestDatabase db, String topic, Set<UUID> expected) {
        Set<UUID> stored = new HashSet<>();
        for (Map<String, Object> row : db.query("SELECT id FROM text_messages")) {
            stored.add((UUID) row.get("id"));
        }
        assertThat(stored).hasSize(expected.size()).isEqualTo(expected);
        assertThat(db.count("SELECT coalesce(sum(next_offset), 0) FROM sluice_offsets WHERE topic = '" + topic + "'"))
                .as("stored offsets at the end of the topic")
                .isEqualTo(MESSAGES);
    }

    private static Process startChild(String topic, TestDatabase db, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(io.sluice.core.service.ServiceMain.class.getName());
        cmd.add("text-writer");
        TextWriterConfig c = TextWriterFixture.config(topic, "kill-" + topic, db, Map.of());
        cmd.addAll(List.of(
                "kafka.bootstrap_servers=" + c.bootstrapServers(),
                "kafka.input_topic=" + topic,
                "kafka.consumer_group=kill-" + topic,
                // A killed member holds its partitions until its session expires; keep that short here.
                "kafka.consumer.session.timeout.ms=6000",
                "database.host=" + db.host(),
                "database.port=" + db.port(),
                "database.name=" + db.name(),
                "http.port=0",
                "http.host=127.0.0.1",
                "batch.max_records=500"));
        Files.createDirectories(log.getParent());
        File out = log.toFile();
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out)
                .start();
    }
}
