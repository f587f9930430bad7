package io.sluice.embeddings;

import static io.sluice.embeddings.EmbeddingsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The REST API against a real service (mock model, Lucene store) and database: the original's envelopes (docs/origins.md#embeddings-http-api),
 * real cosine ordering, filters, lookups, and every bad input with its exact status and error text.
 */
class EmbeddingsApiIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static EmbeddingsFixture app;

    @BeforeAll
    static void start() {
        app = EmbeddingsFixture.start(Map.of());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void health_is_healthy_with_the_original_service_name_and_checks_the_database_and_model() {
        HttpResponse<String> r = app.get("/health");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("healthy");
        assertThat(body.path("service").asText()).isEqualTo("cqrs-embedding-gen-mock");
        assertThat(body.path("database").path("reachable").asBoolean()).isTrue();
        assertThat(body.path("model").path("provider").asText()).isEqualTo("mock");
        assertThat(body.path("model").path("ready").asBoolean()).isTrue();
        assertThat(body.path("store").asText()).isEqualTo("lucene");
    }

    @Test
    void status_reports_running_model_store_counts_backlog_and_freshness() {
        UUID id = app.insert("status probe " + UUID.randomUUID());
        await().atMost(TIMEOUT).until(() -> app.embeddingsOf(id) == 1);
        app.awaitSearchable();

        JsonNode s = json(app.get("/status"));

        assertThat(s.path("running").asBoolean()).isTrue();
        assertThat(s.path("status").asText()).isEqualTo("running");
        assertThat(s.path("model_type").asText()).isEqualTo("mock");
        assertThat(s.path("store").asText()).isEqualTo("lucene");
        assertThat(s.path("dimension").asInt()).isEqualTo(384);
        assertThat(s.path("processed_count").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(s.path("backlog").isIntegralNumber()).isTrue();
        assertThat(s.path("freshness_seconds").isNumber()).isTrue();
        assertThat(Instant.parse(s.path("last_processed_timestamp").asText()))
                .isBefore(Instant.now().plusSeconds(1));
        assertThat(s.path("store_details").path("type").asText()).isEqualTo("lucene");
    }

    @Test
    void search_orders_by_cosine_distance_with_numeric_distances_and_the_original_fields() {
        String marker = UUID.randomUUID().toString();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(app.insert("ordering " + marker + " " + i));
        }
        ids.forEach(id -> await().atMost(TIMEOUT).until(() -> app.embeddingsOf(id) == 1));
        app.awaitSearchable();

        HttpResponse<String> r = app.search("ordering " + marker + " 3", 5);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("query").asText()).isEqualTo("ordering " + marker + " 3");
        assertThat(body.path("note").asText()).isEqualTo(EmbeddingsRoutes.MOCK_NOTE);
        JsonNode results = body.path("results");
        assertThat(results).hasSize(5);
        JsonNode first = results.get(0);
        // Mock vectors are deterministic: the identical text is at distance 0.
        assertThat(first.path("text_message_id").asText()).isEqualTo(ids.get(3).toString());
        assertThat(first.path("text_content").asText()).isEqualTo("ordering " + marker + " 3");
        assertThat(first.path("distance").isNumber()).isTrue();
        assertThat(first.path("distance").asDouble()).isLessThan(1e-5);
        assertThat(first.path("id").isIntegralNumber()).isTrue();
        assertThat(Instant.parse(first.path("created_at").asText()))
                .isBefore(Instant.now().plusSeconds(1));
        double previous = -1;
        for (JsonNode hit : results) {
            assertThat(hit.path("distance").asDouble()).isBetween(0.0, 2.0).isGreaterThanOrEqualTo(previous);
            previous = hit.path("distance").asDouble();
        }
    }

    @Test
    void limit_defaults_to_ten() {
        app.insertAll(java.util.stream.IntStream.range(0, 12)
                .mapToObj(i -> "default limit " + i)
                .toList());
        await().atMost(TIMEOUT)
                .until(() -> json(app.get("/status")).path("backlog").asLong() == 0);
        app.awaitSearchable();

        JsonNode body = json(app.post("/embeddings/search", "{\"query\":\"default limit 1\"}"));

        assertThat(body.path("results")).hasSize(10);
    }

    @Test
    void source_and_since_filters_restrict_the_results_without_cutting_them_short() {
        String marker = UUID.randomUUID().toString();
        UUID api = app.insert("filtered " + marker + " api", "api");
        UUID kafka = app.insert("filtered " + marker + " kafka", "kafka");
        await().atMost(TIMEOUT).until(() -> app.embeddingsOf(api) + app.embeddingsOf(kafka) == 2);
        app.awaitSearchable();

        JsonNode onlyKafka = json(app.post(
                "/embeddings/search",
                EmbeddingsFixture.json(Map.of("query", "filtered " + marker + " api", "limit", 3, "source", "kafka"))));
        assertThat(onlyKafka.path("results")).hasSize(3);
        for (JsonNode hit : onlyKafka.path("results")) {
            assertThat(hit.path("text_message_id").asText()).isNotEqualTo(api.toString());
        }

        String future = Instant.now().plusSeconds(3600).toString();
        JsonNode none = json(
                app.post("/embeddings/search", EmbeddingsFixture.json(Map.of("query", "anything", "since", future))));
        assertThat(none.path("results")).isEmpty();
    }

    @Test
    void get_by_message_id_returns_the_vector_and_by_producer_id_too() {
        UUID id = app.insert("lookup me");
        await().atMost(TIMEOUT).until(() -> app.embeddingsOf(id) == 1);
        app.awaitSearchable();

        HttpResponse<String> r = app.get("/embeddings/" + id);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("text_message_id").asText()).isEqualTo(id.toString());
        assertThat(body.path("text_content").asText()).isEqualTo("lookup me");
        assertThat(body.path("dimension").asInt()).isEqualTo(384);
        assertThat(body.path("embedding")).hasSize(384);
        double norm = 0;
        for (JsonNode x : body.path("embedding")) {
            norm += x.asDouble() * x.asDouble();
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));

        UUID other = UUID.randomUUID();
        app.db.execute("INSERT INTO text_messages (id, message, source, source_id) VALUES ('" + other
                + "', 'producer id', 'kafka', 'test-" + other + "')");
        await().atMost(TIMEOUT).until(() -> app.get("/embeddings/test-" + other).statusCode() == 200);
        assertThat(json(app.get("/embeddings/test-" + other))
                        .path("text_message_id")
                        .asText())
                .isEqualTo(other.toString());
    }

    @Test
    void get_of_an_unknown_id_is_404_embedding_not_found() {
        HttpResponse<String> r = app.get("/embeddings/" + UUID.randomUUID());

        assertError(r, 404, "Embedding not found", null);
        assertThat(json(r).path("status").asText()).isEqualTo("unknown_message");
        assertError(app.get("/embeddings/not-a-uuid"), 404, "Embedding not found", null);
    }

    @Test
    void a_text_empty_after_normalisation_is_recorded_as_failed_with_its_reason_once() {
        UUID id = app.insert(" \u200b\t ");

        await().atMost(TIMEOUT)
                .until(() ->
                        app.db.count("SELECT count(*) FROM embedding_failures WHERE text_message_id = '" + id + "'")
                                == 1);
        HttpResponse<String> r = app.get("/embeddings/" + id);

        assertError(r, 404, "Embedding not found", null);
        assertThat(json(r).path("status").asText()).isEqualTo("failed");
        assertThat(json(r).path("reason").asText()).isEqualTo("empty after normalisation");
        assertThat(app.embeddingsOf(id)).isZero();
        assertThat(json(app.get("/status")).path("failed_count").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void stop_pauses_the_projection_process_batch_embeds_on_demand_and_start_resumes() {
        try {
            HttpResponse<String> stopped = app.post("/stop", null);
            assertThat(stopped.statusCode()).isEqualTo(200);
            assertThat(json(stopped).path("message").asText()).isEqualTo("Processor stopped");
            assertThat(json(app.get("/status")).path("running").asBoolean()).isFalse();

            UUID id = app.insert("while stopped " + UUID.randomUUID());
            await().during(Duration.ofMillis(1500))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> app.embeddingsOf(id) == 0);

            HttpResponse<String> batch = app.post("/process-batch", null);
            assertThat(batch.statusCode()).isEqualTo(200);
            assertThat(json(batch).path("processed_count").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(json(batch).path("message").asText()).startsWith("Processed ");
            assertThat(app.embeddingsOf(id)).isEqualTo(1);
            JsonNode empty = json(app.post("/process-batch", null));
            assertThat(empty.path("message").asText()).isEqualTo("No unprocessed messages found");
            assertThat(empty.path("processed_count").asInt()).isZero();
        } finally {
            HttpResponse<String> started = app.post("/start", null);
            assertThat(json(started).path("message").asText()).isEqualTo("Processor started");
            assertThat(json(started).path("running").asBoolean()).isTrue();
        }
        assertThat(json(app.post("/start", null)).path("message").asText()).isEqualTo("Processor already running");
    }

    static Stream<Arguments> badSearches() {
        String limitRule = "limit must be an integer between 1 and 100";
        String sinceRule = "since must be an ISO-8601 timestamp with an offset, e.g. 2026-01-31T12:00:00Z";
        String sinceRange = "since must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z";
        return Stream.of(
                Arguments.of("{}", "Query text required", "query"),
                Arguments.of("{\"limit\":5}", "Query text required", "query"),
                Arguments.of("{\"query\":null}", "Query text required", "query"),
                Arguments.of("{\"query\":\"\"}", "Query text required", "query"),
                Arguments.of("{\"query\":\"  \\n \"}", "Query text required", "query"),
                Arguments.of("{\"query\":42}", "query must be a string", "query"),
                Arguments.of("{\"query\":[\"x\"]}", "query must be a string", "query"),
                Arguments.of("{\"query\":\"x\",\"limit\":0}", limitRule, "limit"),
                Arguments.of("{\"query\":\"x\",\"limit\":101}", limitRule, "limit"),
                Arguments.of("{\"query\":\"x\",\"limit\":-1}", limitRule, "limit"),
                Arguments.of("{\"query\":\"x\",\"limit\":2.5}", limitRule, "limit"),
                Arguments.of("{\"query\":\"x\",\"limit\":\"5\"}", limitRule, "limit"),
                Arguments.of("{\"query\":\"x\",\"limit\":99999999999}", limitRule, "limit"),
                Arguments.of("{\"query\":\"x\",\"since\":\"yesterday\"}", sinceRule, "since"),
                Arguments.of("{\"query\":\"x\",\"since\":\"2026-01-01T00:00:00\"}", sinceRule, "since"),
                Arguments.of("{\"query\":\"x\",\"since\":5}", sinceRule, "since"),
                Arguments.of("{\"query\":\"x\",\"since\":\"+999999999-12-31T23:59:59Z\"}", sinceRange, "since"),
                Arguments.of("{\"query\":\"x\",\"since\":\"-999999999-01-01T00:00:00Z\"}", sinceRange, "since"),
                Arguments.of("{\"query\":\"x\",\"since\":\"+10000-01-01T00:00:00Z\"}", sinceRange, "since"),
                Arguments.of(
                        "{\"query\":\"x\",\"source\":\"\"}",
                        "source must be a non-empty string (api or kafka)",
                        "source"),
                Arguments.of(
                        "{\"query\":\"x\",\"source\":3}",
                        "source must be a non-empty string (api or kafka)",
                        "source"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSearches")
    void a_bad_search_is_400_naming_the_field(String body, String error, String field) {
        assertError(app.post("/embeddings/search", body), 400, error, field);
    }

    @Test
    void a_search_with_an_empty_body_is_400_query_text_required() {
        assertError(app.post("/embeddings/search", ""), 400, "Query text required", "query");
    }

    @Test
    void a_search_body_that_is_not_an_object_is_400() {
        assertError(app.post("/embeddings/search", "[1]"), 400, "Request body must be a JSON object", null);
    }

    @Test
    void malformed_json_is_400_malformed_json() {
        HttpResponse<String> r = app.post("/embeddings/search", "{\"query\":");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).startsWith("Malformed JSON: ");
    }

    @Test
    void a_search_that_is_not_json_is_415() {
        HttpResponse<String> r =
                app.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.baseUrl + "/embeddings/search"))
                        .header("Content-Type", "text/plain")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("query=x"))
                        .build());

        assertError(r, 415, "Content-Type must be application/json", null);
    }

    @Test
    void get_on_the_search_route_is_405_not_a_missing_embedding() {
        HttpResponse<String> r = app.get("/embeddings/search");

        assertError(r, 405, "Method not allowed", null);
        assertThat(json(r).path("path").asText()).isEqualTo("/embeddings/search");
    }

    @Test
    void reindex_rejects_a_non_boolean_reembed() {
        assertError(app.post("/reindex", "{\"reembed\":\"yes\"}"), 400, "reembed must be true or false", "reembed");
    }

    @Test
    void reindex_rejects_an_unknown_field_instead_of_starting_a_reindex() {
        assertError(app.post("/reindex", "{\"reembd\":true}"), 400, "Unknown field reembd; allowed: reembed", "reembd");
    }

    @Test
    void reindex_rejects_a_body_that_is_not_one_json_object() {
        assertError(app.post("/reindex", "[true]"), 400, "Request body must be a JSON object", null);
        HttpResponse<String> trailing = app.post("/reindex", "{\"reembed\":true} {\"reembed\":false}");

        assertThat(trailing.statusCode()).isEqualTo(400);
        assertThat(json(trailing).path("error").asText()).startsWith("Malformed JSON: ");
    }

    @Test
    void a_nul_in_a_message_id_is_400_not_a_database_error() {
        HttpResponse<String> r = app.get("/embeddings/a%00b");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).isNotBlank();
    }

    @Test
    void metrics_include_the_projection_counters() {
        HttpResponse<String> r = app.get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("sluice_embeddings_texts_total");
    }

    static void assertError(HttpResponse<String> r, int status, String error, String field) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.path("error").asText()).isEqualTo(error);
        if (field != null) {
            assertThat(body.path("field").asText()).isEqualTo(field);
        }
    }
}
