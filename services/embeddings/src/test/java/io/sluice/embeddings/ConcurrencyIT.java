package io.sluice.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No skip, no duplicate: 8 writers insert 10,000 rows in overlapping transactions of random sizes (commits
 * interleaved, timestamps random, single-row and multi-row statements), and afterwards every row has exactly one
 * embedding; the same when the service is killed with SIGKILL in the middle and started again.
 */
class ConcurrencyIT {
    private static final int WRITERS = 8;
    private static final int ROWS = 10_000;

    @TempDir
    Path dir;

    @Test
    void eight_writers_with_interleaved_commits_get_exactly_one_embedding_per_row() throws Exception {
        try (EmbeddingsFixture app = EmbeddingsFixture.start(Map.of())) {
            write(app.db);

            await().atMost(Duration.ofSeconds(120)).until(() -> app.embeddings() == ROWS);
            assertExactlyOneEach(app.db);
            await().atMost(Duration.ofSeconds(30)).until(() -> ProjectionIT.documents(app) == ROWS);
        }
    }

    @Test
    void a_service_killed_mid_run_and_restarted_still_gives_exactly_one_embedding_per_row() throws Exception {
        TestDatabase db = Postgres.freshDatabase("emb_kill");
        EmbeddingsFixture.createTextMessages(db);
        Path index = dir.resolve("index");
        Process child = startChild(db, index, dir.resolve("child.log"));
        try (ExecutorService background = Executors.newSingleThreadExecutor()) {
            Future<?> writing = background.submit(() -> {
                write(db);
                return null;
            });
            await().atMost(Duration.ofSeconds(90))
                    .ignoreExceptions()
                    .until(() -> db.count("SELECT count(*) FROM text_embeddings") > 2_000);
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            long atKill = db.count("SELECT count(*) FROM text_embeddings");
            writing.get(120, TimeUnit.SECONDS);
            assertThat(atKill).as("killed mid-run").isLessThan(ROWS);
        } finally {
            child.destroyForcibly();
        }
        try (EmbeddingsFixture app =
                EmbeddingsFixture.start(db, Map.of("embedding.lucene.directory", index.toString()))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> app.embeddings() == ROWS);
            assertExactlyOneEach(db);
            await().atMost(Duration.ofSeconds(30)).until(() -> ProjectionIT.documents(app) == ROWS);
        }
    }

    /** 8 writers, 1,250 rows each, in transactions of 1-40 rows that sleep a little between statements. */
    static void write(TestDatabase db) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    writeAs(db, writer, ROWS / WRITERS);
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(180, TimeUnit.SECONDS);
            }
        }
        assertThat(db.count("SELECT count(*) FROM text_messages")).isEqualTo(ROWS);
    }

    private static void writeAs(TestDatabase db, int writer, int rows) throws SQLException {
        SplittableRandom random = new SplittableRandom(writer);
        try (Connection c = db.connection();
                PreparedStatement one = c.prepareStatement("INSERT INTO text_messages (id, message, created_at)"
                        + " VALUES (?, ?, now() - random() * interval '1 day')");
                PreparedStatement many = c.prepareStatement("INSERT INTO text_messages (id, message, created_at)"
                        + " SELECT u.id, u.m, now() - random() * interval '1 day'"
                        + " FROM unnest(?::uuid[], ?::text[]) AS u(id, m)");
                PreparedStatement pause = c.prepareStatement("SELECT pg_sleep(random() * 0.004)")) {
            c.setAutoCommit(false);
            int written = 0;
            while (written < rows) {
                int size = Math.min(rows - written, 1 + random.nextInt(40));
                if (random.nextBoolean()) {
                    for (int i = 0; i < size; i++) {
                        one.setObject(1, UUID.randomUUID());
                        one.setString(2, "writer " + writer + " row " + (written + i));
                        one.executeUpdate();
                        if (i % 8 == 0) {
                            pause.execute();
                        }
                    }
                } else {
                    UUID[] ids = new UUID[size];
                    String[] texts = new String[size];
                    for (int i = 0; i < size; i++) {
                        ids[i] = UUID.randomUUID();
                        texts[i] = "writer " + writer + " row " + (written + i);
                    }
                    many.setArray(1, c.createArrayOf("uuid", ids));
                    many.setArray(2, c.createArrayOf("text", texts));
                    many.executeUpdate();
                    pause.execute();
                }
                c.commit();
                written += size;
            }
        }
    }

    static void assertExactlyOneEach(TestDatabase db) {
        assertThat(db.count("SELECT count(*) FROM text_embeddings")).isEqualTo(ROWS);
        assertThat(db.count("SELECT count(*) FROM text_messages m WHERE"
                        + " (SELECT count(*) FROM text_embeddings e WHERE e.text_message_id = m.id) <> 1"))
                .as("rows without exactly one embedding")
                .isZero();
        assertThat(db.count("SELECT count(*) FROM text_embeddings e JOIN text_messages m ON m.id = e.text_message_id"
                        + " WHERE e.text_content <> m.message"))
                .isZero();
        assertThat(db.count("SELECT count(*) FROM embedding_failures")).isZero();
    }

    private static Process startChild(TestDatabase db, Path index, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx256m");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(io.sluice.core.service.ServiceMain.class.getName());
        cmd.add("embeddings");
        Map<String, String> s = EmbeddingsFixture.settings(db, index);
        s.forEach((k, v) -> cmd.add(k + "=" + v));
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
