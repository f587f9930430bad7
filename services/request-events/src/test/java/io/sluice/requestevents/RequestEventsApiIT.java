package io.sluice.requestevents;

import static io.sluice.requestevents.RequestEventsFixture.json;
import static io.sluice.requestevents.RequestEventsFixture.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.KafkaBroker;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every endpoint against a real broker and SQLite file, with the exact status and body of each answer, including
 * every bad input to {@code POST /kafka/publish}. One service for the class, trusting 127.0.0.1 and 10.0.0.0/8 as
 * proxies and allowing publishes to its topic and one other.
 */
@ExtendWith(KafkaBroker.class)
class RequestEventsApiIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ISO_UTC_MICROS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";

    @TempDir
    static Path dir;

    private static RequestEventsFixture app;
    private static String other;

    @BeforeAll
    static void start() {
        String topic = KafkaBroker.freshTopic("events", 3);
        other = KafkaBroker.freshTopic("audit", 1);
        app = RequestEventsFixture.start(
                KafkaBroker.bootstrapServers(),
                topic,
                dir,
                Map.of(
                        "events.trusted_proxies", "127.0.0.1/32, 10.0.0.0/8",
                        "events.publish.allowed_topics", topic + "," + other,
                        // publish_of_an_error_event_lands_in_the_errors_table writes a built-in type
                        "events.publish.allow_builtin_types", "true",
                        "events.pod_ip", "10.0.0.5"));
        await().atMost(TIMEOUT).until(() -> {
            JsonNode health = json(app.get("/health"));
            return health.path("status").asText().equals("healthy")
                    && health.path("consumer").path("status").asText().equals("running");
        });
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    // --- GET / ---

    @Test
    void root_is_200_with_the_original_fields_and_kafka_up() {
        HttpResponse<String> r = app.get("/");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.properties())
                .extracting(Map.Entry::getKey)
                .containsExactly(
                        "message", "timestamp", "user_ip", "proxy_chain", "hostname", "os", "pod_ip", "kafka_status");
        assertThat(body.path("message").asText()).isEqualTo("Hello, Kafka is UP");
        assertThat(body.path("kafka_status").asText()).isEqualTo("UP");
        assertThat(body.path("timestamp").asText()).matches(ISO_UTC_MICROS);
        assertThat(Instant.parse(body.path("timestamp").asText()))
                .isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(body.path("user_ip").asText()).isEqualTo("127.0.0.1");
        assertThat(body.path("proxy_chain")).isEqualTo(tree(List.of()));
        assertThat(body.path("hostname").asText()).isNotBlank();
        assertThat(body.path("os").asText()).isEqualTo(System.getProperty("os.name"));
        assertThat(body.path("pod_ip").asText()).isEqualTo("10.0.0.5");
    }

    @Test
    void root_takes_the_client_from_x_forwarded_for_skipping_trusted_proxies() {
        HttpResponse<String> r = app.get("/", "X-Forwarded-For", "203.0.113.45, 10.1.2.3");

        JsonNode body = json(r);
        assertThat(body.path("user_ip").asText()).isEqualTo("203.0.113.45");
        assertThat(body.path("proxy_chain")).isEqualTo(tree(List.of("203.0.113.45", "10.1.2.3")));
    }

    @Test
    void root_ignores_a_spoofed_left_most_entry_and_takes_the_right_most_untrusted_one() {
        HttpResponse<String> r = app.get("/", "X-Forwarded-For", "198.51.100.7, 203.0.113.45");

        assertThat(json(r).path("user_ip").asText()).isEqualTo("203.0.113.45");
    }

    @Test
    void root_reads_every_x_forwarded_for_header_in_order() {
        HttpResponse<String> r =
                app.get("/", "X-Forwarded-For", "198.51.100.7", "X-Forwarded-For", "203.0.113.9, 10.9.9.9");

        JsonNode body = json(r);
        assertThat(body.path("user_ip").asText()).isEqualTo("203.0.113.9");
        assertThat(body.path("proxy_chain")).isEqualTo(tree(List.of("198.51.100.7", "203.0.113.9", "10.9.9.9")));
    }

    @Test
    void root_with_a_forwarded_entry_that_is_not_an_address_keeps_the_last_trusted_hop() {
        HttpResponse<String> r = app.get("/", "X-Forwarded-For", "<script>, 10.1.2.3");

        JsonNode body = json(r);
        assertThat(body.path("user_ip").asText()).isEqualTo("10.1.2.3");
        assertThat(body.path("proxy_chain")).isEqualTo(tree(List.of("<script>", "10.1.2.3")));
    }

    @Test
    void root_emits_a_request_and_a_response_event_with_a_real_response_time_and_stores_both() {
        String ip = "2001:db8::" + Integer.toHexString((int) (Math.random() * 0xFFFF));
        assertThat(app.get("/", "X-Forwarded-For", ip).statusCode()).isEqualTo(200);

        List<JsonNode> events = TopicReader.read(
                        KafkaBroker.bootstrapServers(),
                        app.topic,
                        e -> e.path("data").path("user_ip").asText().equals(ip),
                        2)
                .stream()
                .map(TopicReader::value)
                .toList();
        assertThat(events)
                .extracting(e -> e.path("event_type").asText())
                .containsExactlyInAnyOrder("http_request", "http_response");
        JsonNode request = events.stream()
                .filter(e -> e.path("event_type").asText().equals("http_request"))
                .findFirst()
                .orElseThrow();
        JsonNode response = events.stream()
                .filter(e -> e.path("event_type").asText().equals("http_response"))
                .findFirst()
                .orElseThrow();
        assertThat(request.properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("event_id", "timestamp", "event_type", "data");
        assertThat(request.path("timestamp").asText()).matches(ISO_UTC_MICROS);
        assertThat(request.path("data"))
                .isEqualTo(tree(Map.of(
                        "user_ip",
                        ip,
                        "method",
                        "GET",
                        "endpoint",
                        "/",
                        "hostname",
                        request.path("data").path("hostname").asText(),
                        "os",
                        System.getProperty("os.name"))));
        assertThat(response.path("data").path("status_code").asInt()).isEqualTo(200);
        assertThat(response.path("data").path("response_time_ms").asDouble())
                .isPositive()
                .isLessThan(10_000);
        assertThat(request.path("event_id").asText())
                .isNotEqualTo(response.path("event_id").asText());

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(app.db.query(
                            "SELECT method, endpoint, event_id, event_timestamp FROM http_requests WHERE user_ip = '"
                                    + ip + "'"))
                    .containsExactly(Map.of(
                            "method",
                            "GET",
                            "endpoint",
                            "/",
                            "event_id",
                            request.path("event_id").asText(),
                            "event_timestamp",
                            request.path("timestamp").asText()));
            assertThat(app.db.query(
                            "SELECT status_code, response_time_ms, event_id FROM http_responses WHERE user_ip = '" + ip
                                    + "'"))
                    .containsExactly(Map.of(
                            "status_code", 200,
                            "response_time_ms",
                                    response.path("data")
                                            .path("response_time_ms")
                                            .asDouble(),
                            "event_id", response.path("event_id").asText()));
        });
    }

    // --- /healthz, /health, /metrics ---

    @Test
    void healthz_is_200_healthy() {
        HttpResponse<String> r = app.get("/healthz");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).isEqualTo(tree(Map.of("status", "healthy")));
    }

    @Test
    void health_is_200_healthy_with_kafka_emitter_database_and_consumer_details() {
        HttpResponse<String> r = app.get("/health");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("healthy");
        assertThat(body.path("service").asText()).isEqualTo("request-events");
        assertThat(body.path("kafka_status").asText()).isEqualTo("UP");
        assertThat(body.path("emitter").path("dropped").asLong()).isZero();
        assertThat(body.path("emitter").path("spilled").asLong()).isZero();
        assertThat(body.path("database").path("path").asText()).endsWith("events.db");
        assertThat(body.path("consumer").path("status").asText()).isEqualTo("running");
    }

    @Test
    void metrics_are_prometheus_text_with_the_event_counters() {
        app.get("/");

        HttpResponse<String> r = app.get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(r.body())
                .contains("sluice_events_emitted_total")
                .contains("sluice_events_sent_total")
                .contains("sluice_events_dropped_total{reason=\"spill_full\",service=\"request-events\"} 0.0")
                .contains("sluice_events_kafka_up{service=\"request-events\"} 1.0")
                .contains("route=\"/\"");
    }

    // --- /kafka/status and /kafka/flush ---

    @Test
    void kafka_status_is_200_with_producer_connected_and_consumer_running() {
        HttpResponse<String> r = app.get("/kafka/status");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("kafka_producer").asText()).isEqualTo("connected");
        assertThat(body.path("kafka_consumer").asText()).isEqualTo("running");
        assertThat(body.path("consumer_topics")).isEqualTo(tree(List.of(app.topic)));
        assertThat(body.path("consumer_handlers")).isEqualTo(tree(List.of("http_request", "http_response", "error")));
        assertThat(body.has("status")).isFalse();
        assertThat(body.path("kafka_error").isNull()).isTrue();
    }

    @Test
    void kafka_flush_is_200_success() {
        app.get("/");

        HttpResponse<String> r = app.post("/kafka/flush", null, "");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).isEqualTo(tree(Map.of("status", "success", "message", "Kafka producer flushed")));
        assertThat(app.service.emitter().state().inFlight()).isZero();
    }

    // --- POST /kafka/publish: success ---

    @Test
    void publish_is_200_with_the_original_body_and_the_event_is_stored_in_the_events_table() {
        HttpResponse<String> r = app.postJson(
                "/kafka/publish", "{\"event_type\":\"order_placed\",\"data\":{\"order\":42,\"items\":[\"a\"]}}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("success");
        assertThat(body.path("message").asText()).isEqualTo("Event 'order_placed' published to Kafka");
        assertThat(body.path("event").path("event_type").asText()).isEqualTo("order_placed");
        assertThat(body.path("event").path("data")).isEqualTo(tree(Map.of("order", 42, "items", List.of("a"))));
        String id = body.path("event").path("event_id").asText();
        assertThat(UUID.fromString(id).version()).isEqualTo(7);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                        app.db.query("SELECT event_type, data, topic FROM events WHERE event_id = '" + id + "'"))
                .containsExactly(Map.of(
                        "event_type", "order_placed", "data", "{\"order\":42,\"items\":[\"a\"]}", "topic", app.topic)));
    }

    @Test
    void publish_without_event_type_or_data_is_a_custom_event_with_empty_data() {
        HttpResponse<String> r = app.postJson("/kafka/publish", "{\"data\":null,\"note\":1}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("message").asText()).isEqualTo("Event 'custom_event' published to Kafka");
        assertThat(json(r).path("event").path("data")).isEqualTo(tree(Map.of()));
    }

    @Test
    void publish_of_an_error_event_lands_in_the_errors_table() {
        HttpResponse<String> r = app.postJson(
                "/kafka/publish",
                "{\"event_type\":\"error\",\"data\":{\"error_message\":\"boom\",\"error_type\":\"test\",\"endpoint\":\"/x\"}}");

        String id = json(r).path("event").path("event_id").asText();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(app.db.query(
                        "SELECT error_message, error_type, endpoint FROM errors WHERE event_id = '" + id + "'"))
                .containsExactly(Map.of("error_message", "boom", "error_type", "test", "endpoint", "/x")));
    }

    @Test
    void publish_to_another_allowed_topic_writes_there() {
        String marker = UUID.randomUUID().toString();
        HttpResponse<String> r = app.postJson(
                "/kafka/publish",
                "{\"event_type\":\"audit\",\"data\":{\"m\":\"" + marker + "\"},\"topic\":\"" + other + "\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TopicReader.read(
                        KafkaBroker.bootstrapServers(),
                        other,
                        e -> e.path("data").path("m").asText().equals(marker),
                        1))
                .hasSize(1);
    }

    @Test
    void publish_with_a_json_content_type_in_any_case_and_a_charset_is_accepted() {
        HttpResponse<String> r =
                app.post("/kafka/publish", "Application/JSON; charset=utf-8", "{\"event_type\":\"x\"}");

        assertThat(r.statusCode()).isEqualTo(200);
    }

    // --- POST /kafka/publish: every bad input ---

    @Test
    void publish_to_a_topic_outside_the_allow_list_is_403() {
        HttpResponse<String> r =
                app.postJson("/kafka/publish", "{\"event_type\":\"x\",\"topic\":\"__consumer_offsets\"}");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r))
                .isEqualTo(tree(Map.of(
                        "error", "Topic '__consumer_offsets' is not allowed",
                        "topic", "__consumer_offsets",
                        "allowed_topics", Stream.of(app.topic, other).sorted().toList())));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonx"})
    void publish_with_a_wrong_content_type_is_415(String type) {
        HttpResponse<String> r = app.post("/kafka/publish", type, "{\"event_type\":\"x\"}");

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(json(r))
                .isEqualTo(tree(Map.of("error", "Content-Type must be application/json", "content_type", type)));
    }

    @Test
    void publish_without_a_content_type_is_415() {
        HttpResponse<String> r = app.post("/kafka/publish", null, "{\"event_type\":\"x\"}");

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(json(r))
                .isEqualTo(tree(Map.of("error", "Content-Type must be application/json", "content_type", "")));
    }

    @Test
    void publish_over_64_kib_is_413() {
        String body = "{\"event_type\":\"x\",\"data\":{\"pad\":\"" + "a".repeat(70_000) + "\"}}";

        HttpResponse<String> r = app.postJson("/kafka/publish", body);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r))
                .isEqualTo(tree(Map.of("error", "Request body is larger than 65536 bytes", "max_bytes", 65536)));
    }

    @Test
    void a_chunked_publish_over_64_kib_without_a_content_length_is_413() {
        byte[] body = ("{\"event_type\":\"x\",\"data\":{\"pad\":\"" + "a".repeat(70_000) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl + "/kafka/publish"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> r = app.send(request);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r))
                .isEqualTo(tree(Map.of("error", "Request body is larger than 65536 bytes", "max_bytes", 65536)));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "{}", "null", "  "})
    void publish_of_an_empty_body_or_empty_object_is_400_no_json_data_provided(String body) {
        HttpResponse<String> r = app.postJson("/kafka/publish", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(tree(Map.of("error", "No JSON data provided")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"event_type\": ", "{event_type: \"x\"}", "not json", "{\"a\":1]"})
    void publish_of_malformed_json_is_400_malformed_json(String body) {
        HttpResponse<String> r = app.postJson("/kafka/publish", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).startsWith("Malformed JSON: ");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[{\"event_type\":\"x\"}]", "[]", "\"x\"", "42", "true"})
    void publish_of_a_json_value_that_is_not_an_object_is_400(String body) {
        HttpResponse<String> r = app.postJson("/kafka/publish", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(tree(Map.of("error", "Request body must be a JSON object")));
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of("{\"event_type\":42}", "event_type", "event_type must be a non-empty string"),
                Arguments.of("{\"event_type\":\"\"}", "event_type", "event_type must be a non-empty string"),
                Arguments.of("{\"event_type\":\"  \"}", "event_type", "event_type must be a non-empty string"),
                Arguments.of("{\"event_type\":[\"x\"]}", "event_type", "event_type must be a non-empty string"),
                Arguments.of(
                        "{\"event_type\":\"" + "t".repeat(101) + "\"}",
                        "event_type",
                        "event_type must be at most 100 characters"),
                Arguments.of("{\"event_type\":\"x\",\"data\":[1]}", "data", "data must be a JSON object"),
                Arguments.of("{\"event_type\":\"x\",\"data\":\"text\"}", "data", "data must be a JSON object"),
                Arguments.of("{\"event_type\":\"x\",\"data\":7}", "data", "data must be a JSON object"),
                Arguments.of("{\"event_type\":\"x\",\"topic\":7}", "topic", "topic must be a non-empty string"),
                Arguments.of("{\"event_type\":\"x\",\"topic\":\"\"}", "topic", "topic must be a non-empty string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFields")
    void a_bad_field_is_400_naming_the_field(String body, String field, String error) {
        HttpResponse<String> r = app.postJson("/kafka/publish", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(tree(Map.of("error", error, "field", field)));
    }

    @Test
    void get_on_publish_is_405_and_an_unknown_route_is_404() {
        assertThat(app.get("/kafka/publish").statusCode()).isEqualTo(405);
        assertThat(json(app.get("/kafka/publish")))
                .isEqualTo(tree(Map.of("error", "Method not allowed", "path", "/kafka/publish")));
        assertThat(json(app.get("/nope"))).isEqualTo(tree(Map.of("error", "Not found", "path", "/nope")));
    }

    @Test
    void an_instance_without_a_consumer_reports_it_disabled_and_stays_healthy(@TempDir Path own) {
        String topic = KafkaBroker.freshTopic("events-noconsumer", 1);
        try (RequestEventsFixture replica = RequestEventsFixture.start(
                KafkaBroker.bootstrapServers(), topic, own, Map.of("events.consumer.enabled", "false"))) {
            await().atMost(TIMEOUT).until(() -> replica.get("/kafka/status").statusCode() == 200);

            JsonNode status = json(replica.get("/kafka/status"));
            assertThat(status.path("kafka_producer").asText()).isEqualTo("connected");
            assertThat(status.path("kafka_consumer").asText()).isEqualTo("disabled");
            assertThat(status.path("consumer")).isEqualTo(tree(Map.of("enabled", false)));
            JsonNode health = json(replica.get("/health"));
            assertThat(health.path("status").asText()).isEqualTo("healthy");
            assertThat(health.path("consumer")).isEqualTo(tree(Map.of("enabled", false)));
            assertThat(replica.get("/").statusCode()).isEqualTo(200);
            assertThat(replica.service.consumerState()).isNull();
        }
    }

    @Test
    void every_event_id_is_unique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ids.add(json(app.postJson("/kafka/publish", "{\"event_type\":\"burst\"}"))
                    .path("event")
                    .path("event_id")
                    .asText());
        }
        assertThat(ids).hasSize(50);
    }
}
