package io.sluice.textwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.Json;
import io.sluice.http.Metrics;
import io.sluice.testkit.KafkaBroker;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The REST API end to end against a real service, broker and database: the nine checks of the original's
 * {@code test_service.py} (docs/origins.md#text-writer-the-nine-api-tests), then every bad input with its exact status and error text, idempotent
 * creates, non-UUID ids, ordering, {@code /ready} and {@code /metrics}. One service for the whole class; tests
 * use their own ids, so they do not depend on each other's rows.
 */
class TextWriterApiIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern ISO_UTC = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    private static final long ONE_MIB = 1L << 20;

    private static TextWriterFixture app;

    @BeforeAll
    static void start() {
        app = TextWriterFixture.start();
        // The original's setUp polls /health before the first test; the consumer joins its group meanwhile.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            HttpResponse<String> r = app.get("/health");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).path("status").asText()).isEqualTo("healthy");
            assertThat(json(r).path("kafka_consumer_running").asBoolean()).isTrue();
        });
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    // --- The original's nine tests (docs/origins.md#text-writer-the-nine-api-tests) ---

    @Test
    void health_is_200_healthy_with_service_and_version() {
        HttpResponse<String> r = app.get("/health");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("healthy");
        assertThat(body.path("service").asText()).isEqualTo("text-writer-service");
        assertThat(body.path("version").isTextual()).isTrue();
        assertThat(body.path("version").asText()).isNotBlank();
        assertThat(body.path("kafka_consumer_running").isBoolean()).isTrue();
    }

    @Test
    void post_with_an_explicit_uuid_is_201_and_echoes_id_message_and_status_created() {
        String id = UUID.randomUUID().toString();

        HttpResponse<String> r = create(id, "Test message from API");

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r)).isEqualTo(tree(Map.of("id", id, "message", "Test message from API", "status", "created")));
    }

    @Test
    void a_created_message_reads_back_by_id_with_utc_iso_timestamps() {
        String id = UUID.randomUUID().toString();
        String text = "Test message for retrieval – ünïcödé ✓";
        assertThat(create(id, text).statusCode()).isEqualTo(201);

        HttpResponse<String> r = app.get("/messages/" + id);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("id").asText()).isEqualTo(id);
        assertThat(body.path("message").asText()).isEqualTo(text);
        assertThat(body.path("source").asText()).isEqualTo("api");
        assertThat(body.has("source_id")).isTrue();
        assertThat(body.path("source_id").isNull()).isTrue();
        assertIsoUtc(body.path("created_at"));
        assertIsoUtc(body.path("processed_at"));
    }

    @Test
    void get_of_a_random_uuid_is_404_message_not_found() {
        String id = UUID.randomUUID().toString();

        HttpResponse<String> r = app.get("/messages/" + id);

        assertError(r, 404, "Message not found", null);
        assertThat(json(r).path("id").asText()).isEqualTo(id);
    }

    @Test
    void list_is_200_with_messages_total_limit_and_offset() {
        create(null, "listed message");

        HttpResponse<String> r = app.get("/messages");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("messages").isArray()).isTrue();
        assertThat(body.path("messages")).isNotEmpty();
        assertThat(body.path("total").isIntegralNumber()).isTrue();
        assertThat(body.path("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(body.path("limit").asInt()).isEqualTo(TextWriterRoutes.DEFAULT_LIMIT);
        assertThat(body.path("offset").asInt()).isZero();
    }

    @Test
    void list_with_limit_5_and_offset_0_returns_at_most_5_messages() {
        for (int i = 0; i < 6; i++) {
            create(null, "page message " + i);
        }

        HttpResponse<String> r = app.get("/messages?limit=5&offset=0");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("limit").asInt()).isEqualTo(5);
        assertThat(body.path("offset").asInt()).isZero();
        assertThat(body.path("messages").size()).isEqualTo(5);
        assertThat(body.path("total").asLong()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void stats_has_integer_counts_and_a_running_consumer() {
        create(null, "counted message");

        HttpResponse<String> r = app.get("/stats");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("total_messages").isIntegralNumber()).isTrue();
        assertThat(body.path("recent_messages_1h").isIntegralNumber()).isTrue();
        assertThat(body.path("total_messages").asLong()).isEqualTo(app.rows());
        assertThat(body.path("recent_messages_1h").asLong()).isBetween(1L, app.rows());
        assertThat(body.path("kafka_consumer_running").isBoolean()).isTrue();
        assertThat(body.path("kafka_consumer_running").asBoolean()).isTrue();
        assertIsoUtc(body.path("oldest_message"));
        assertIsoUtc(body.path("newest_message"));
    }

    @Test
    void post_without_an_id_is_201_with_a_generated_uuid() {
        HttpResponse<String> r = create(null, "Message without ID");

        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("created");
        assertThat(body.path("message").asText()).isEqualTo("Message without ID");
        String id = body.path("id").asText();
        assertThat(MessageIds.isUuid(id)).isTrue();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(app.get("/messages/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void post_of_an_empty_object_is_400_message_content_required() {
        HttpResponse<String> r = app.postJson("/messages", "{}");

        assertError(r, 400, "Message content required", "message");
    }

    // --- Bad input: exact status and text, never a 500, nothing stored ---

    static Stream<Arguments> badListParameters() {
        String limitRule = "limit must be an integer between 1 and 1000";
        String offsetRule = "offset must be an integer >= 0";
        return Stream.of(
                Arguments.of("limit", "0", limitRule),
                Arguments.of("limit", "1001", limitRule),
                Arguments.of("limit", "-5", limitRule),
                Arguments.of("limit", "abc", limitRule),
                Arguments.of("limit", "1.5", limitRule),
                Arguments.of("limit", "99999999999", limitRule),
                Arguments.of("offset", "-1", offsetRule),
                Arguments.of("offset", "x", offsetRule),
                Arguments.of("offset", "99999999999", offsetRule));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badListParameters")
    void a_bad_limit_or_offset_is_400_naming_the_parameter_and_its_value(String name, String value, String error) {
        HttpResponse<String> r = app.get("/messages?" + name + "=" + value);

        assertError(r, 400, error, name);
        assertThat(json(r).path("value").asText()).isEqualTo(value);
    }

    @Test
    void limit_1000_and_a_large_offset_are_accepted() {
        HttpResponse<String> r = app.get("/messages?limit=1000&offset=1000000");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("limit").asInt()).isEqualTo(1000);
        assertThat(body.path("offset").asInt()).isEqualTo(1000000);
        assertThat(body.path("messages")).isEmpty();
    }

    @Test
    void post_with_a_text_plain_content_type_is_415() {
        long before = app.rows();

        HttpResponse<String> r = app.post("/messages", "text/plain", "{\"message\":\"hello\"}");

        assertError(r, 415, "Content-Type must be application/json", null);
        assertThat(json(r).path("content_type").asText()).isEqualTo("text/plain");
        assertThat(app.rows()).isEqualTo(before);
    }

    @Test
    void post_without_a_content_type_is_415() {
        long before = app.rows();

        HttpResponse<String> r = app.post("/messages", null, "{\"message\":\"hello\"}");

        assertError(r, 415, "Content-Type must be application/json", null);
        assertThat(app.rows()).isEqualTo(before);
    }

    @Test
    void post_with_a_json_content_type_in_any_case_and_with_a_charset_is_accepted() {
        HttpResponse<String> r =
                app.post("/messages", "Application/JSON; charset=utf-8", "{\"message\":\"charset message\"}");

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).path("message").asText()).isEqualTo("charset message");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"{\"message\": ", "{message: \"x\"}", "{\"message\":\"x\",}", "not json", "{\"message\":\"x\"]"})
    void post_of_malformed_json_is_400_malformed_json(String body) {
        long before = app.rows();

        HttpResponse<String> r = app.postJson("/messages", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).startsWith("Malformed JSON: ");
        assertThat(app.rows()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[{\"message\":\"x\"}]", "[]", "\"message\"", "42", "true", "null"})
    void post_of_a_json_value_that_is_not_an_object_is_400(String body) {
        HttpResponse<String> r = app.postJson("/messages", body);

        assertError(r, 400, "Request body must be a JSON object", null);
    }

    static Stream<Arguments> badMessages() {
        return Stream.of(
                Arguments.of("{\"message\":42}", "message must be a string"),
                Arguments.of("{\"message\":4.2}", "message must be a string"),
                Arguments.of("{\"message\":true}", "message must be a string"),
                Arguments.of("{\"message\":{\"text\":\"x\"}}", "message must be a string"),
                Arguments.of("{\"message\":[\"x\"]}", "message must be a string"),
                Arguments.of("{\"message\":null}", "Message content required"),
                Arguments.of("{\"message\":\"\"}", "Message content required"),
                Arguments.of("{\"message\":\"   \\n\\t \"}", "Message content required"),
                Arguments.of("{\"id\":\"" + UUID.randomUUID() + "\"}", "Message content required"),
                Arguments.of("{\"message\":\"a\\u0000b\"}", "message must not contain NUL characters"),
                // A lone surrogate was stored as '?', so an identical retry got 409 (issue 11, item 10).
                Arguments.of(
                        "{\"message\":\"a\\ud800b\"}", "message must not contain a lone surrogate (invalid Unicode)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMessages")
    void a_bad_message_is_400_naming_the_message_field(String body, String error) {
        long before = app.rows();

        HttpResponse<String> r = app.postJson("/messages", body);

        assertError(r, 400, error, "message");
        assertThat(app.rows()).isEqualTo(before);
    }

    static Stream<Arguments> badIds() {
        String rule = "id must be a non-empty string";
        return Stream.of(
                Arguments.of("42", rule),
                Arguments.of("4.2", rule),
                Arguments.of("true", rule),
                Arguments.of("\"\"", rule),
                Arguments.of("\"   \"", rule),
                Arguments.of("{\"a\":1}", rule),
                Arguments.of("[\"x\"]", rule),
                Arguments.of("\"" + "i".repeat(256) + "\"", "id must be at most 255 characters"),
                Arguments.of("\"x\\udc00\"", "id must not contain a lone surrogate (invalid Unicode)"),
                // PostgreSQL refuses NUL in text: this was a 500 (issue 11, item 4).
                Arguments.of("\"a\\u0000b\"", "id must not contain NUL characters"));
    }

    @ParameterizedTest(name = "id {0}")
    @MethodSource("badIds")
    void a_bad_id_is_400_naming_the_id_field(String id, String error) {
        long before = app.rows();

        HttpResponse<String> r = app.postJson("/messages", "{\"message\":\"hello\",\"id\":" + id + "}");

        assertError(r, 400, error, "id");
        assertThat(app.rows()).isEqualTo(before);
    }

    @Test
    void an_id_of_exactly_255_characters_is_accepted_and_readable() {
        String id = "k".repeat(254) + UUID.randomUUID().toString().charAt(0);

        HttpResponse<String> r = create(id, "long id");

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).path("id").asText())
                .isEqualTo(MessageIds.forProducerId(id).toString());
        assertThat(app.get("/messages/" + id).statusCode()).isEqualTo(200);
        assertError(app.get("/messages/" + id + "k"), 404, "Message not found", null);
    }

    @Test
    void post_of_an_empty_body_is_400_message_content_required() {
        HttpResponse<String> r = app.postJson("/messages", "");

        assertError(r, 400, "Message content required", "message");
    }

    @Test
    void post_of_a_body_over_one_mib_is_413_with_a_json_error() {
        long before = app.rows();
        String body = "{\"message\":\"" + "a".repeat(1_100_000) + "\"}";

        HttpResponse<String> r = app.postJson("/messages", body);

        assertError(r, 413, "Request body is larger than " + ONE_MIB + " bytes", null);
        assertThat(json(r).path("max_bytes").asLong()).isEqualTo(ONE_MIB);
        assertThat(app.rows()).isEqualTo(before);
    }

    @Test
    void a_chunked_body_over_one_mib_without_a_content_length_is_413_with_a_json_error() {
        long before = app.rows();
        byte[] body = ("{\"message\":\"" + "a".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl + "/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> r = app.send(request);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("error").asText()).isNotBlank();
        assertThat(app.rows()).isEqualTo(before);
    }

    @Test
    void a_message_just_under_one_mib_is_accepted() {
        String text = "b".repeat((int) ONE_MIB - 100);

        HttpResponse<String> r = app.postJson("/messages", "{\"message\":\"" + text + "\"}");

        assertThat(r.statusCode()).isEqualTo(201);
        String id = json(r).path("id").asText();
        assertThat(json(app.get("/messages/" + id)).path("message").asText()).isEqualTo(text);
    }

    @Test
    void get_of_a_non_uuid_id_nobody_created_is_404_not_a_500() {
        HttpResponse<String> r = app.get("/messages/not-a-uuid");

        assertError(r, 404, "Message not found", null);
        assertThat(json(r).path("id").asText()).isEqualTo("not-a-uuid");
    }

    @Test
    void an_unknown_route_is_404_json_naming_the_path() {
        HttpResponse<String> r = app.get("/nope");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r)).isEqualTo(tree(Map.of("error", "Not found", "path", "/nope")));
    }

    @Test
    void delete_on_messages_is_405_json_method_not_allowed() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl + "/messages"))
                .DELETE()
                .build();

        HttpResponse<String> r = app.send(request);

        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(405);
        assertThat(json(r)).isEqualTo(tree(Map.of("error", "Method not allowed", "path", "/messages")));
    }

    // --- Idempotency and conflicts ---

    @Test
    void the_same_id_and_text_twice_is_201_created_then_200_exists() {
        String id = UUID.randomUUID().toString();

        HttpResponse<String> first = create(id, "once");
        HttpResponse<String> second = create(id, "once");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(json(first)).isEqualTo(tree(Map.of("id", id, "message", "once", "status", "created")));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json(second)).isEqualTo(tree(Map.of("id", id, "message", "once", "status", "exists")));
        assertThat(app.db.count("SELECT count(*) FROM text_messages WHERE id = '" + id + "'"))
                .isEqualTo(1);
    }

    @Test
    void the_same_id_with_other_text_is_409_and_the_first_text_is_kept() {
        String id = UUID.randomUUID().toString();
        assertThat(create(id, "first text").statusCode()).isEqualTo(201);

        HttpResponse<String> r = create(id, "second text");

        assertError(r, 409, "A message with this id already exists with different content", null);
        assertThat(json(r).path("id").asText()).isEqualTo(id);
        assertThat(json(app.get("/messages/" + id)).path("message").asText()).isEqualTo("first text");
        assertThat(app.db.query("SELECT message FROM text_messages WHERE id = '" + id + "'"))
                .containsExactly(Map.of("message", "first text"));
    }

    // --- Non-UUID ids ---

    @Test
    void a_non_uuid_id_is_stored_under_a_name_based_uuid_and_readable_by_either_id() {
        HttpResponse<String> r = create("test-123", "Message with a producer id");

        assertThat(r.statusCode()).isEqualTo(201);
        String rowId = json(r).path("id").asText();
        assertThat(MessageIds.isUuid(rowId)).isTrue();
        assertThat(UUID.fromString(rowId).version()).isEqualTo(5);
        assertThat(rowId).isEqualTo(MessageIds.forProducerId("test-123").toString());
        for (String path : List.of("/messages/test-123", "/messages/" + rowId)) {
            HttpResponse<String> got = app.get(path);
            assertThat(got.statusCode()).as(path).isEqualTo(200);
            JsonNode body = json(got);
            assertThat(body.path("id").asText()).as(path).isEqualTo(rowId);
            assertThat(body.path("message").asText()).as(path).isEqualTo("Message with a producer id");
            assertThat(body.path("source_id").asText()).as(path).isEqualTo("test-123");
            assertThat(body.path("source").asText()).as(path).isEqualTo("api");
        }
        assertThat(create("test-123", "Message with a producer id").statusCode())
                .isEqualTo(200);
    }

    // --- Ordering ---

    @Test
    void the_list_is_newest_first_by_processed_at_and_api_rows_have_source_api() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = create(null, "ordered " + i);
            assertThat(r.statusCode()).isEqualTo(201);
            created.add(json(r).path("id").asText());
        }

        JsonNode messages = json(app.get("/messages?limit=1000")).path("messages");

        List<Instant> processed = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (JsonNode m : messages) {
            processed.add(Instant.parse(m.path("processed_at").asText()));
            if (created.contains(m.path("id").asText())) {
                ours.add(m.path("id").asText());
                assertThat(m.path("source").asText()).isEqualTo("api");
                assertThat(m.path("source_id").isNull()).isTrue();
            }
        }
        assertThat(processed).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(ours).containsExactly(created.get(2), created.get(1), created.get(0));
        assertThat(json(app.get("/messages?limit=1&offset=0"))
                        .path("messages")
                        .get(0)
                        .path("id")
                        .asText())
                .isEqualTo(created.get(2));
    }

    // --- /ready and /metrics ---

    @Test
    void ready_is_200_true() {
        HttpResponse<String> r = app.get("/ready");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).isEqualTo(tree(Map.of("ready", true, "status", "healthy")));
    }

    @Test
    void metrics_are_prometheus_text_with_http_request_timers() {
        app.get("/stats");

        HttpResponse<String> r = app.get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body()).contains("sluice_http_server_requests").contains("route=\"/stats\"");
    }

    /**
     * The fixture's registry has no JVM binders, so JVM metrics are checked on a service wired the way
     * the service registry wires it ({@link Metrics#prometheus()}), on its own topic and group.
     */
    @Test
    void metrics_of_a_service_wired_like_main_include_jvm_memory() {
        String topic = KafkaBroker.freshTopic("text-metrics", 1);
        TextWriterConfig config = TextWriterFixture.config(topic, "tw-" + topic, app.db, Map.of());
        try (TextWriterService service = TextWriterService.start(config, Metrics.prometheus())) {
            String base = "http://localhost:" + service.httpPort();
            app.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build());

            HttpResponse<String> r = app.send(
                    HttpRequest.newBuilder(URI.create(base + "/metrics")).build());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("sluice_http_server_requests").contains("jvm_memory");
        }
    }

    // --- helpers ---

    private static HttpResponse<String> create(String id, String message) {
        Map<String, String> body = id == null ? Map.of("message", message) : Map.of("id", id, "message", message);
        try {
            return app.postJson("/messages", Json.mapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Status, a JSON body, the exact error text and, when given, the field it names. */
    @Test
    void a_malformed_chunked_body_is_400_json_not_500() throws Exception {
        // A client library would not send it: a raw socket, a chunk size that is not hexadecimal (issue 11, item 4).
        try (java.net.Socket socket =
                new java.net.Socket("127.0.0.1", URI.create(app.baseUrl).getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST /messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 400 ");
            assertThat(answer.toLowerCase()).contains("content-type: application/json");
            assertThat(answer).contains("{\"error\":\"Bad request: ");
        }
    }

    private static void assertError(HttpResponse<String> r, int status, String error, String field) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.path("error").asText()).isEqualTo(error);
        if (field != null) {
            assertThat(body.path("field").asText()).isEqualTo(field);
        }
    }

    private static void assertIsoUtc(JsonNode node) {
        assertThat(node.isTextual()).as("%s is a string", node).isTrue();
        assertThat(node.asText()).matches(ISO_UTC);
        assertThat(Instant.parse(node.asText())).isBefore(Instant.now().plusSeconds(60));
    }

    /** The body as JSON, after checking it was sent as JSON. */
    private static JsonNode json(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type"))
                .as("Content-Type of %s %s", r.statusCode(), r.body())
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        try {
            return Json.mapper().readTree(r.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private static JsonNode tree(Map<String, ?> map) {
        return Json.mapper().valueToTree(map);
    }
}
