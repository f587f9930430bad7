package io.sluice.embeddings;

import static io.sluice.embeddings.EmbeddingsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pgvector store on the machine's PostgreSQL 15 with pgvector (scripts/install-pgvector.sh); skipped, with the
 * reason, where that server or the extension is missing. Each test gets its own database, dropped afterwards.
 */
class PgVectorStoreIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private TestDatabase db;

    @BeforeEach
    void database() {
        db = LocalPgVector.freshDatabase();
        EmbeddingsFixture.createTextMessages(db);
    }

    @AfterEach
    void dropDatabase() {
        LocalPgVector.drop(db);
    }

    @Test
    void auto_picks_pgvector_with_a_vector_column_and_an_hnsw_cosine_index() {
        try (EmbeddingsFixture app = EmbeddingsFixture.start(db, Map.of())) {
            assertThat(app.service.storeName()).isEqualTo("pgvector");
            awaitIndex(app);
            assertThat(db.query("SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute"
                            + " WHERE attrelid = 'text_embeddings'::regclass AND attname = 'embedding'"))
                    .containsExactly(Map.of("t", "vector(384)"));
            assertThat(db.count("SELECT count(*) FROM pg_indexes WHERE indexname = 'text_embeddings_embedding_hnsw'"
                            + " AND indexdef LIKE '%hnsw%vector_cosine_ops%'"))
                    .isEqualTo(1);
            JsonNode status = json(app.get("/status"));
            assertThat(status.path("store").asText()).isEqualTo("pgvector");
            assertThat(status.path("store_details").path("extension_version").asText())
                    .isEqualTo("0.8.0");
        }
    }

    @Test
    void the_hnsw_index_is_built_with_the_configured_m_and_ef_construction_and_rebuilt_when_they_change() {
        String options = "SELECT array_to_string(reloptions, ',') AS o FROM pg_class"
                + " WHERE relname = 'text_embeddings_embedding_hnsw'";
        try (EmbeddingsFixture app = EmbeddingsFixture.start(db, Map.of())) {
            app.insertAll(List.of("first row", "second row"));
            await().atMost(TIMEOUT).until(() -> app.embeddings() == 2);
            awaitIndex(app);
        }
        assertThat(db.query(options))
                .containsExactly(Map.of(
                        "o",
                        "m=" + EmbeddingsConfig.PGVECTOR_M + ",ef_construction="
                                + EmbeddingsConfig.PGVECTOR_EF_CONSTRUCTION));

        try (EmbeddingsFixture app =
                EmbeddingsFixture.start(db, Map.of("embedding.hnsw.m", "6", "embedding.hnsw.ef_construction", "20"))) {
            awaitIndex(app); // dropped at start (other settings), built again when the projection is idle
            assertThat(db.query(options)).containsExactly(Map.of("o", "m=6,ef_construction=20"));
            assertThat(json(app.search("second row", 1))
                            .path("results")
                            .get(0)
                            .path("text_content")
                            .asText())
                    .isEqualTo("second row");
        }
    }

    @Test
    void a_backlog_as_large_as_what_is_stored_sets_the_index_aside_and_builds_it_once_done() {
        Map<String, String> settings = Map.of("embedding.pgvector.bulk_index_min_backlog", "200");
        String index = "SELECT i.indexrelid::int AS oid, i.indisvalid AS valid FROM pg_index i"
                + " WHERE i.indexrelid = to_regclass('text_embeddings_embedding_hnsw')";
        try (EmbeddingsFixture app = EmbeddingsFixture.start(db, settings)) {
            app.insertAll(
                    IntStream.range(0, 150).mapToObj(i -> "early row " + i).toList());
            await().atMost(TIMEOUT).until(() -> app.embeddings() == 150);
            awaitIndex(app);
        }
        Map<String, Object> before = db.query(index).get(0);

        // 300 pending next to 150 stored, found by the sweep at start: dropped, then built again concurrently.
        db.execute("INSERT INTO text_messages (id, message) SELECT gen_random_uuid(), 'late row ' || g"
                + " FROM generate_series(1, 300) g");
        try (EmbeddingsFixture app = EmbeddingsFixture.start(db, settings)) {
            await().atMost(TIMEOUT).until(() -> app.embeddings() == 450);
            awaitIndex(app);
            Map<String, Object> after = db.query(index).get(0);
            assertThat(after.get("oid")).isNotEqualTo(before.get("oid"));
            assertThat(after.get("valid")).isEqualTo(true);
            assertThat(json(app.search("late row 17", 1))
                            .path("results")
                            .get(0)
                            .path("text_content")
                            .asText())
                    .isEqualTo("late row 17");

            // 100 more next to 450: grown row by row, the index stays.
            app.insertAll(
                    IntStream.range(0, 100).mapToObj(i -> "trickle row " + i).toList());
            await().atMost(TIMEOUT).until(() -> app.embeddings() == 550);
            assertThat(db.query(index).get(0)).isEqualTo(after);
        }
    }

    @Test
    void a_missing_index_does_not_hold_up_the_start_searches_scan_exactly_until_it_is_built() {
        try (EmbeddingsFixture app = EmbeddingsFixture.start(db, Map.of("embedding.auto_start", "false"))) {
            app.insertAll(List.of("alpha row", "beta row"));
            assertThat(json(app.post("/process-batch", "{}"))
                            .path("processed_count")
                            .asInt())
                    .isEqualTo(2);
            awaitIndex(app); // built by the idle projection even though it is stopped
            assertThat(json(app.search("beta row", 1))
                            .path("results")
                            .get(0)
                            .path("text_content")
                            .asText())
                    .isEqualTo("beta row");
        }
        db.execute("DROP INDEX text_embeddings_embedding_hnsw"); // as a crash in the middle of a backlog leaves it
        try (EmbeddingsFixture app = EmbeddingsFixture.start(db, Map.of())) {
            awaitIndex(app);
            assertThat(db.count("SELECT count(*) FROM pg_index"
                            + " WHERE indexrelid = to_regclass('text_embeddings_embedding_hnsw') AND indisvalid"))
                    .isEqualTo(1);
        }
    }

    private static void awaitIndex(EmbeddingsFixture app) {
        await().atMost(TIMEOUT).until(() -> json(app.get("/status"))
                .path("store_details")
                .path("index_state")
                .asText()
                .equals("ready"));
    }

    @Test
    void search_orders_by_cosine_distance_and_deleted_messages_disappear() {
        try (EmbeddingsFixture app = EmbeddingsFixture.start(db, Map.of())) {
            List<UUID> ids = app.insertAll(
                    IntStream.range(0, 30).mapToObj(i -> "pg row " + i).toList());
            await().atMost(TIMEOUT).until(() -> app.embeddings() == 30);

            JsonNode results = json(app.search("pg row 7", 5)).path("results");

            assertThat(results).hasSize(5);
            assertThat(results.get(0).path("text_message_id").asText())
                    .isEqualTo(ids.get(7).toString());
            assertThat(results.get(0).path("distance").asDouble()).isLessThan(1e-5);
            double previous = -1;
            for (JsonNode r : results) {
                assertThat(r.path("distance").asDouble()).isGreaterThanOrEqualTo(previous);
                previous = r.path("distance").asDouble();
            }
            app.db.execute("DELETE FROM text_messages WHERE id = '" + ids.get(7) + "'");
            assertThat(json(app.search("pg row 7", 30)).path("results").findValuesAsText("text_message_id"))
                    .hasSize(29)
                    .doesNotContain(ids.get(7).toString());
        }
    }

    @Test
    void a_top_k_larger_than_ef_search_or_behind_a_filter_is_never_short() {
        try (EmbeddingsFixture app = EmbeddingsFixture.start(db, Map.of("embedding.ef_search", "10"))) {
            List<String> texts =
                    IntStream.range(0, 400).mapToObj(i -> "row " + i).toList();
            app.insertAll(texts.subList(0, 200));
            for (int i = 200; i < 400; i += 50) {
                List<UUID> apiRows = app.insertAll(texts.subList(i, i + 50));
                app.db.execute("UPDATE text_messages SET source = 'api' WHERE id IN ("
                        + String.join(
                                ",", apiRows.stream().map(u -> "'" + u + "'").toList()) + ")");
            }
            await().atMost(TIMEOUT).until(() -> app.embeddings() == 400);
            app.db.execute("ANALYZE text_embeddings");

            assertThat(json(app.search("row 3", 100)).path("results")).hasSize(100);
            JsonNode filtered = json(app.post(
                    "/embeddings/search",
                    EmbeddingsFixture.json(Map.of("query", "row 3", "limit", 100, "source", "api"))));
            assertThat(filtered.path("results")).hasSize(100);
        }
    }

    @Test
    void switching_stores_on_one_database_converts_the_column_both_ways() {
        try (EmbeddingsFixture app = EmbeddingsFixture.start(db, Map.of("embedding.store", "lucene"))) {
            app.insertAll(IntStream.range(0, 10).mapToObj(i -> "switch " + i).toList());
            await().atMost(TIMEOUT).until(() -> app.embeddings() == 10);
            assertThat(app.service.storeName()).isEqualTo("lucene");

            app.restart(Map.of("embedding.store", "pgvector"));
            assertThat(app.service.storeName()).isEqualTo("pgvector");
            assertThat(json(app.search("switch 4", 1))
                            .path("results")
                            .get(0)
                            .path("text_content")
                            .asText())
                    .isEqualTo("switch 4");

            app.restart(Map.of("embedding.store", "lucene"));
            assertThat(app.service.storeName()).isEqualTo("lucene");
            await().atMost(TIMEOUT).until(() -> ProjectionIT.documents(app) == 10);
            assertThat(json(app.search("switch 4", 1))
                            .path("results")
                            .get(0)
                            .path("text_content")
                            .asText())
                    .isEqualTo("switch 4");
        }
    }

    @Test
    void minilm_with_pgvector_ranks_same_topic_sentences_first() {
        RelevanceSet set = new RelevanceSet();
        try (EmbeddingsFixture app = EmbeddingsFixture.start(db, Map.of("embedding.provider", "minilm"))) {
            assertThat(app.service.storeName()).isEqualTo("pgvector");
            Map<UUID, String> topicOf = set.insert(app);
            await().atMost(Duration.ofSeconds(60)).until(() -> app.embeddings() == set.sentences.size());

            StringBuilder report = new StringBuilder();
            double precision = set.precisionAt(3, RelevanceSet.searchVia(app), topicOf, report);

            System.out.printf("precision@3 minilm/pgvector = %.3f%n%s", precision, report);
            assertThat(precision).as(report.toString()).isGreaterThanOrEqualTo(0.9);
        }
    }
}
