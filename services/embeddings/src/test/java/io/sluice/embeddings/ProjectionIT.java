package io.sluice.embeddings;

import static io.sluice.embeddings.EmbeddingsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The projection's guarantees, each on its own database: new rows within a second, no skip whatever the commit
 * order, deletes and edits followed, the sweep covering missed notifications, restarts, a stale or missing index,
 * a model change, and model failures paused and retried while refused texts are recorded.
 */
class ProjectionIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void a_new_row_is_embedded_and_searchable_within_a_second_through_notifications_alone() {
        try (EmbeddingsFixture app = EmbeddingsFixture.start(Map.of("embedding.sweep_interval_ms", "600000"))) {
            awaitIdle(app);
            for (int i = 0; i < 3; i++) {
                String text = "fresh row " + i + " " + UUID.randomUUID();
                UUID id = app.insert(text);

                await().atMost(Duration.ofSeconds(1))
                        .until(() -> topHit(app, text).equals(id.toString()));
            }
            // The listener's first connection asked the index to compare itself with PostgreSQL; that is over.
            assertThat(json(app.get("/status"))
                            .path("store_details")
                            .path("state")
                            .asText())
                    .isEqualTo("ready");
        }
    }

    @Test
    void a_row_committed_after_a_later_stamped_row_is_not_skipped() throws Exception {
        try (EmbeddingsFixture app = EmbeddingsFixture.start(Map.of())) {
            UUID early = UUID.randomUUID();
            try (Connection slow = app.db.connection()) {
                slow.setAutoCommit(false);
                try (Statement st = slow.createStatement()) {
                    st.execute("INSERT INTO text_messages (id, message, created_at, processed_at) VALUES ('" + early
                            + "', 'slow writer', now() - interval '1 hour', now() - interval '1 hour')");
                }
                UUID late = app.insert("fast writer");
                await().atMost(TIMEOUT).until(() -> app.embeddingsOf(late) == 1);
                slow.commit();
            }
            await().atMost(TIMEOUT).until(() -> app.embeddingsOf(early) == 1);
            UUID old = UUID.randomUUID();
            app.db.execute("INSERT INTO text_messages (id, message, created_at) VALUES ('" + old
                    + "', 'backdated', '2001-01-01T00:00:00Z')");
            await().atMost(TIMEOUT).until(() -> app.embeddingsOf(old) == 1);
        }
    }

    @Test
    void rows_whose_notifications_were_missed_are_found_by_the_sweep() {
        try (EmbeddingsFixture app = EmbeddingsFixture.start(Map.of("embedding.sweep_interval_ms", "500"))) {
            app.db.execute("ALTER TABLE text_messages DISABLE TRIGGER sluice_embeddings_messages_inserted");
            List<UUID> ids = app.insertAll(
                    IntStream.range(0, 300).mapToObj(i -> "silent " + i).toList());

            await().atMost(TIMEOUT).until(() -> app.embeddings() == ids.size());
            assertThat(app.db.count("SELECT count(*) FROM text_messages m WHERE NOT EXISTS"
                            + " (SELECT 1 FROM text_embeddings e WHERE e.text_message_id = m.id)"))
                    .isZero();
        }
    }

    @Test
    void a_deleted_message_takes_its_embedding_with_it_and_never_shows_in_search() {
        try (EmbeddingsFixture app = EmbeddingsFixture.start(Map.of())) {
            UUID keep = app.insert("keep me around");
            UUID drop = app.insert("delete me soon");
            await().atMost(TIMEOUT).until(() -> app.embeddings() == 2);
            await().atMost(TIMEOUT).until(() -> documents(app) == 2);

            app.db.execute("DELETE FROM text_messages WHERE id = '" + drop + "'");

            assertThat(app.embeddingsOf(drop)).isZero();
            JsonNode results = json(app.search("delete me soon", 10)).path("results");
            assertThat(results).hasSize(1);
            assertThat(results.get(0).path("text_message_id").asText()).isEqualTo(keep.toString());
            await().atMost(TIMEOUT).until(() -> documents(app) == 1);
        }
    }

    @Test
    void an_edited_message_is_embedded_again_with_its_new_text() {
        try (EmbeddingsFixture app = EmbeddingsFixture.start(Map.of())) {
            UUID id = app.insert("first version");
            await().atMost(TIMEOUT).until(() -> app.embeddingsOf(id) == 1);

            app.db.execute("UPDATE text_messages SET message = 'second version' WHERE id = '" + id + "'");

            await().atMost(TIMEOUT).until(() -> "second version"
                    .equals(json(app.get("/embeddings/" + id))
                            .path("text_content")
                            .asText()));
            assertThat(app.embeddingsOf(id)).isEqualTo(1);
            await().atMost(TIMEOUT).until(() -> topHit(app, "second version").equals(id.toString()));
        }
    }

    @Test
    void rows_written_while_the_service_was_down_and_a_lost_index_are_caught_up_on_restart() throws IOException {
        try (EmbeddingsFixture app = EmbeddingsFixture.start(Map.of())) {
            app.insertAll(IntStream.range(0, 50).mapToObj(i -> "before " + i).toList());
            await().atMost(TIMEOUT).until(() -> app.embeddings() == 50);
            app.service.close();
            app.service = null;

            app.insertAll(
                    IntStream.range(0, 50).mapToObj(i -> "while down " + i).toList());
            deleteTree(app.indexDir);
            app.restart();

            await().atMost(TIMEOUT).until(() -> app.embeddings() == 100);
            await().atMost(TIMEOUT).until(() -> documents(app) == 100);
            assertThat(topHit(app, "before 7")).isNotEmpty();
            assertThat(json(app.search("before 7", 1))
                            .path("results")
                            .get(0)
                            .path("text_content")
                            .asText())
                    .isEqualTo("before 7");
        }
    }

    @Test
    void a_model_change_replaces_every_vector_and_rebuilds_the_index() {
        try (EmbeddingsFixture app = EmbeddingsFixture.start(Map.of())) {
            app.insertAll(
                    IntStream.range(0, 20).mapToObj(i -> "model change " + i).toList());
            await().atMost(TIMEOUT).until(() -> app.embeddings() == 20);

            app.restart(Map.of("embedding.dimension", "256"));

            await().atMost(TIMEOUT)
                    .until(() -> app.db.count(
                                    "SELECT count(*) FROM text_embeddings WHERE model = 'mock/sha256-splitmix64/256'")
                            == 20);
            assertThat(json(app.get("/status")).path("dimension").asInt()).isEqualTo(256);
            await().atMost(TIMEOUT).until(() -> documents(app) == 20);
            assertThat(json(app.search("model change 3", 1))
                            .path("results")
                            .get(0)
                            .path("distance")
                            .asDouble())
                    .isLessThan(1e-5);
        }
    }

    @Test
    void reindex_rebuilds_the_index_and_reembed_embeds_everything_again() {
        try (EmbeddingsFixture app = EmbeddingsFixture.start(Map.of())) {
            app.insertAll(IntStream.range(0, 20).mapToObj(i -> "reindex " + i).toList());
            await().atMost(TIMEOUT).until(() -> app.embeddings() == 20);
            long maxId = app.db.count("SELECT max(id) FROM text_embeddings");

            assertThat(app.post("/reindex", null).statusCode()).isEqualTo(202);
            await().atMost(TIMEOUT)
                    .until(() -> !json(app.get("/status")).path("reindexing").asBoolean());
            assertThat(app.db.count("SELECT max(id) FROM text_embeddings")).isEqualTo(maxId);

            assertThat(app.post("/reindex", "{\"reembed\":true}").statusCode()).isEqualTo(202);
            await().atMost(TIMEOUT)
                    .until(() -> app.db.count("SELECT count(*) FROM text_embeddings WHERE id > " + maxId) == 20);
            await().atMost(TIMEOUT).until(() -> documents(app) == 20);
        }
    }

    @Test
    void a_failing_model_pauses_and_retries_and_a_refused_text_is_recorded_with_the_endpoint_reason()
            throws IOException {
        try (StubEmbeddingEndpoint endpoint = new StubEmbeddingEndpoint();
                EmbeddingsFixture app = EmbeddingsFixture.start(Map.of(
                        "embedding.provider", "http",
                        "embedding.http.url", endpoint.url(),
                        "embedding.http.model", "stub-model"))) {
            awaitIdle(app);
            endpoint.failNext.set(1_000_000);
            List<UUID> ids =
                    app.insertAll(List.of("one", "two " + StubEmbeddingEndpoint.REFUSED, "three", "four", "five"));

            await().atMost(TIMEOUT)
                    .until(() ->
                            json(app.get("/status")).path("status").asText().equals("retrying"));
            JsonNode health = json(app.get("/health"));
            assertThat(health.path("status").asText()).isEqualTo("degraded");
            assertThat(health.path("projection").path("last_error").asText()).contains("HTTP 503", "model is loading");
            assertThat(app.embeddings()).isZero();

            endpoint.failNext.set(0);
            await().atMost(TIMEOUT).until(() -> app.embeddings() == 4);
            await().atMost(TIMEOUT)
                    .until(() ->
                            json(app.get("/status")).path("status").asText().equals("running"));
            JsonNode refused = json(app.get("/embeddings/" + ids.get(1)));
            assertThat(refused.path("status").asText()).isEqualTo("failed");
            assertThat(refused.path("reason").asText())
                    .isEqualTo("embeddings endpoint refused the text: HTTP 400 input rejected by policy");
            int callsAfter = endpoint.calls.get();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> app.embeddings() == 4);
            assertThat(endpoint.calls.get()).as("a refused text is not retried").isEqualTo(callsAfter);
        }
    }

    static void awaitIdle(EmbeddingsFixture app) {
        await().atMost(TIMEOUT)
                .until(() -> json(app.get("/status")).path("last_sweep_at").isTextual());
    }

    static String topHit(EmbeddingsFixture app, String text) {
        JsonNode results = json(app.search(text, 1)).path("results");
        return results.isEmpty() ? "" : results.get(0).path("text_message_id").asText();
    }

    static long documents(EmbeddingsFixture app) {
        return json(app.get("/status")).path("store_details").path("documents").asLong(-1);
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
