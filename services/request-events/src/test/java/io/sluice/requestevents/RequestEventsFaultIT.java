package io.sluice.requestevents;

import static io.sluice.requestevents.RequestEventsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.embedded.EmbeddedKafka;
import io.sluice.testkit.KafkaBroker;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults mid-run, each ending with SQLite holding exactly the events that were made — none lost, none twice: the
 * broker stopped and restarted under requests, the consumer process SIGKILLed mid-stream, and the database file made
 * unwritable and writable again.
 */
@ExtendWith(KafkaBroker.class)
class RequestEventsFaultIT {
    private static final String SUM_ROWS = "SELECT (SELECT count(*) FROM http_requests) + (SELECT count(*) FROM"
            + " http_responses) + (SELECT count(*) FROM events)";
    private static final String ALL_IDS = "SELECT event_id FROM http_requests UNION ALL SELECT event_id FROM"
            + " http_responses UNION ALL SELECT event_id FROM events";

    @TempDir
    Path dir;

    @Test
    void requests_made_while_the_broker_is_stopped_and_restarted_end_up_in_sqlite_once_each() {
        try (EmbeddedKafka broker = KafkaBroker.dedicated(dir.resolve("kafka"))) {
            broker.start();
            try (RequestEventsFixture app = RequestEventsFixture.start(
                    broker.bootstrapServers(), "events-restart", dir, Map.of("events.trusted_proxies", "127.0.0.1"))) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                json(app.get("/")).path("kafka_status").asText().equals("UP"));
                Set<String> ips = new HashSet<>();
                long slowest = 0;
                requests(app, ips, 100); // before

                broker.stop();
                slowest = Math.max(slowest, requests(app, ips, 100)); // before the outage is noticed
                await().atMost(Duration.ofSeconds(15))
                        .until(() ->
                                json(app.get("/")).path("kafka_status").asText().equals("NOT UP"));
                slowest = Math.max(slowest, requests(app, ips, 200)); // known outage
                assertThat(app.get("/kafka/status").statusCode()).isEqualTo(503);

                broker.start();
                requests(app, ips, 100); // after

                String ours = " WHERE user_ip LIKE '2001:%'";
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> app.db.count("SELECT count(*) FROM http_requests" + ours) >= ips.size()
                                && app.db.count("SELECT count(*) FROM http_responses" + ours) >= ips.size());
                List<String> requests = app.db.strings("SELECT user_ip FROM http_requests" + ours);
                List<String> responses = app.db.strings("SELECT user_ip FROM http_responses" + ours);
                assertThat(requests).hasSize(ips.size());
                assertThat(new HashSet<>(requests)).isEqualTo(ips);
                assertThat(responses).hasSize(ips.size());
                assertThat(new HashSet<>(responses)).isEqualTo(ips);
                assertThat(app.service.emitter().state().dropped()).isZero();
                assertThat(Duration.ofNanos(slowest))
                        .as("slowest GET / during the outage")
                        .isLessThan(Duration.ofSeconds(1));
            }
        }
    }

    /** GET / as {@code count} distinct clients; returns the slowest request's nanoseconds. */
    private static long requests(RequestEventsFixture app, Set<String> ips, int count) {
        long slowest = 0;
        for (int i = 0; i < count; i++) {
            String ip = "2001:db8::" + Integer.toHexString(ips.size() + 1);
            ips.add(ip);
            long start = System.nanoTime();
            HttpResponse<String> r = app.get("/", "X-Forwarded-For", ip);
            slowest = Math.max(slowest, System.nanoTime() - start);
            assertThat(r.statusCode()).isEqualTo(200);
        }
        return slowest;
    }

    @Test
    void a_consumer_process_killed_mid_stream_and_restarted_stores_exactly_the_produced_events() throws Exception {
        String topic = KafkaBroker.freshTopic("events-kill", 3);
        int total = 30_000;
        Set<String> ids = produce(topic, total);
        Path db = dir.resolve("kill.db");
        SqliteRows rows = new SqliteRows(db);

        Process first = startChild(topic, db, dir.resolve("first.log"));
        try {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> rows.count(SUM_ROWS) > 1_000);
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(rows.count(SUM_ROWS)).as("rows when killed").isLessThan(total);
        } finally {
            first.destroyForcibly();
        }
        Process second = startChild(topic, db, dir.resolve("second.log"));
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> rows.count(SUM_ROWS) == total);
            assertThat(new HashSet<>(rows.strings(ALL_IDS))).isEqualTo(ids);
            assertThat(rows.count(
                            "SELECT coalesce(sum(next_offset), 0) FROM sluice_offsets WHERE topic = '" + topic + "'"))
                    .as("stored offsets at the end of the topic")
                    .isEqualTo(total);
        } finally {
            second.destroy();
            assertThat(second.waitFor(30, TimeUnit.SECONDS))
                    .as("stops on SIGTERM")
                    .isTrue();
        }
    }

    /**
     * Root ignores file permissions, so {@code chmod a-w} would not stop the writer here. The test uses the
     * immutable attribute instead ({@code chattr +i}, ext4 and most Linux file systems), which stops root too, even
     * through file descriptors that are already open — like a file system remounted read-only. The database file,
     * its WAL and their directory are made immutable (the WAL too: in WAL mode commits only append to it, and SQLite
     * keeps descriptors open across connections); writes then fail with {@code SQLITE_READONLY} or
     * {@code SQLITE_IOERR}, both transient. The shared-memory file is left alone: it is mapped, and a mapping that
     * cannot be written back would crash the process rather than fail a write. Skipped where {@code chattr} is
     * missing or the file system does not support it.
     */
    @Test
    void a_database_made_read_only_pauses_consumption_and_loses_nothing_once_writable_again() throws Exception {
        Path dbDir = Files.createDirectories(dir.resolve("db"));
        assumeThat(immutable(dbDir, true)).as("chattr +i works here").isTrue();
        immutable(dbDir, false);
        String topic = KafkaBroker.freshTopic("events-ro", 3);
        try (RequestEventsFixture app = RequestEventsFixture.start(
                KafkaBroker.bootstrapServers(),
                topic,
                dir,
                Map.of(
                        "events.db_path", dbDir.resolve("events.db").toString(),
                        "events.spill.path", dir.resolve("spill/events.spill").toString()))) {
            Set<String> ids = produce(topic, 1_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> app.db.count(SUM_ROWS) == 1_000);
            try {
                for (String f : List.of("events.db", "events.db-wal", "")) {
                    immutable(dbDir.resolve(f), true);
                }
                ids.addAll(produce(topic, 1_000));

                await().atMost(Duration.ofSeconds(30))
                        .until(() -> app.service.consumerState().status().name().equals("DEGRADED"));
                JsonNode health = json(app.get("/health"));
                assertThat(health.path("status").asText()).isEqualTo("degraded");
                assertThat(health.path("consumer").path("last_error").asText())
                        .containsAnyOf("SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN");
                assertThat(app.db.count(SUM_ROWS)).isEqualTo(1_000);
            } finally {
                for (String f : List.of("", "events.db-wal", "events.db")) {
                    immutable(dbDir.resolve(f), false);
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> app.db.count(SUM_ROWS) == 2_000);
            assertThat(new HashSet<>(app.db.strings(ALL_IDS))).isEqualTo(ids);
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            json(app.get("/health")).path("status").asText().equals("healthy"));
            assertThat(app.service.consumerState().recordsFailed()).isZero();
        }
    }

    /** Sets or clears the immutable attribute; returns whether chattr succeeded. */
    private static boolean immutable(Path path, boolean on) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("chattr", on ? "+i" : "-i", path.toString())
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false; // no chattr binary
        }
    }

    /** Produces {@code count} events of three types straight to the topic; returns their ids. */
    private static Set<String> produce(String topic, int count) {
        Set<String> ids = new HashSet<>();
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            String data =
                    switch (i % 3) {
                        case 0 ->
                            "\"event_type\":\"http_request\",\"data\":{\"user_ip\":\"10.0.0." + (i % 250)
                                    + "\",\"method\":\"GET\",\"endpoint\":\"/\"}";
                        case 1 ->
                            "\"event_type\":\"http_response\",\"data\":{\"status_code\":200,"
                                    + "\"response_time_ms\":1.5}";
                        default -> "\"event_type\":\"test_event\",\"data\":{\"n\":" + i + "}";
                    };
            values.add("{\"event_id\":\"" + id + "\",\"timestamp\":\"2026-01-01T00:00:00.000000Z\"," + data + "}");
        }
        for (int i = 0; i < count; i += 5_000) {
            KafkaBroker.produceAll(topic, values.subList(i, Math.min(count, i + 5_000)));
        }
        return ids;
    }

    private static Process startChild(String topic, Path db, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx256m");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(io.sluice.core.service.ServiceMain.class.getName());
        cmd.add("request-events");
        cmd.addAll(List.of(
                "kafka.bootstrap_servers=" + KafkaBroker.bootstrapServers(),
                "events.topic=" + topic,
                "events.consumer_group=kill-" + topic,
                "events.db_path=" + db,
                "events.http.port=0",
                "events.http.host=127.0.0.1",
                // A killed member holds its partitions until its session expires; keep that short here.
                "events.kafka.consumer.session.timeout.ms=6000",
                "events.batch.max_records=100"));
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
