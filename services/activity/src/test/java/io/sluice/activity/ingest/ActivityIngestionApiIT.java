package io.sluice.activity.ingest;

import static io.sluice.testkit.TestHttp.json;
import static io.sluice.testkit.TestHttp.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.Json;
import io.sluice.testkit.KafkaBroker;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint and every bad input, with its exact status and body, against the shared broker. */
@ExtendWith(KafkaBroker.class)
class ActivityIngestionApiIT {
    private static final String LIMITS_413 = "\"max_event_bytes\":32768,\"max_request_bytes\":1048576";

    @TempDir
    static Path dir;

    private static IngestionFixture app;

    @BeforeAll
    static void start() {
        app = IngestionFixture.start(
                KafkaBroker.bootstrapServers(), KafkaBroker.freshTopic("activity", 3), dir, Map.of());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static JsonNode parse(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertAnswer(HttpResponse<String> r, int status, String body) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r)).isEqualTo(parse(body));
    }

    /** The records of {@code eventId}, read until the first of them arrived. */
    private static List<ConsumerRecord<byte[], byte[]>> recordsOf(String eventId) {
        return TopicReader.readUntil(KafkaBroker.bootstrapServers(), app.topic, eventId, Duration.ofSeconds(20))
                .stream()
                .filter(r -> parse(new String(r.value(), StandardCharsets.UTF_8))
                        .path("event_id")
                        .asText()
                        .equals(eventId))
                .toList();
    }

    @Test
    void one_event_is_answered_202_once_kafka_has_it_keyed_by_user_id_and_enriched() {
        HttpResponse<String> r = app.postJson(
                "/events",
                """
                {"event_id":"single-1","event_type":"page_view","user_id":"user-123","session_id":"s-1",
                 "page_url":"/home","event_data":{"ref":"ad"},"timestamp":"2024-01-15T10:30:45Z"}""",
                "User-Agent",
                "it-agent/1.0",
                "Accept-Language",
                "en-GB,en;q=0.8");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = json(r);
        assertThat(body.path("event_id").asText()).isEqualTo("single-1");
        assertThat(body.path("status").asText()).isEqualTo("accepted");
        String requestId = body.path("request_id").asText();
        assertThat(requestId).isNotBlank();
        assertThat(fieldNames(body)).containsExactly("event_id", "request_id", "status");

        ConsumerRecord<byte[], byte[]> record = recordsOf("single-1").getFirst();
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("user-123");
        JsonNode e = parse(new String(record.value(), StandardCharsets.UTF_8));
        assertThat(e.path("request_id").asText()).isEqualTo(requestId);
        assertThat(e.path("event_type").asText()).isEqualTo("page_view");
        assertThat(e.path("timestamp").asText()).isEqualTo("2024-01-15T10:30:45Z");
        assertThat(e.path("session_id").asText()).isEqualTo("s-1");
        assertThat(e.path("page_url").asText()).isEqualTo("/home");
        assertThat(e.path("event_data")).isEqualTo(parse("{\"ref\":\"ad\"}"));
        assertThat(e.path("client_info")).isEqualTo(parse("{\"user_agent\":\"it-agent/1.0\",\"language\":\"en-GB\"}"));
        assertThat(e.path("service_info").path("service_name").asText()).isEqualTo("ingestion-service");
        assertThat(e.path("service_info").path("environment").asText()).isEqualTo("development");
        assertThat(e.path("service_info").path("service_version").asText()).isNotBlank();
        assertThat(e.path("processing_info").path("received_at").asText()).endsWith("Z");
        assertThat(e.path("processing_info").path("processing_ms").isIntegralNumber())
                .isTrue();
    }

    @Test
    void a_good_batch_is_answered_202_with_a_result_per_event_sharing_one_request_id() {
        HttpResponse<String> r = app.postJson(
                "/events/batch",
                """
                {"events":[{"event_id":"b-1","event_type":"click","user_id":"u1"},
                           {"event_id":"b-2","event_type":"click","user_id":"u2"}]}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = json(r);
        String requestId = body.path("request_id").asText();
        assertAnswer(
                r,
                202,
                "{\"request_id\":\"" + requestId + "\",\"status\":\"accepted\",\"results\":["
                        + "{\"index\":0,\"event_id\":\"b-1\",\"status\":\"accepted\",\"error\":null},"
                        + "{\"index\":1,\"event_id\":\"b-2\",\"status\":\"accepted\",\"error\":null}]}");
        assertThat(parse(new String(recordsOf("b-2").getFirst().value(), StandardCharsets.UTF_8))
                        .path("request_id")
                        .asText())
                .isEqualTo(requestId);
    }

    @Test
    void a_batch_with_some_bad_events_is_answered_207_and_only_the_good_ones_are_produced() {
        String big = "x".repeat(33 * 1024);
        HttpResponse<String> r = app.postJson(
                "/events/batch",
                """
                {"events":[{"event_id":"p-1","event_type":"click","user_id":"u1"},
                           {"event_id":"p-2","user_id":"u1"},
                           "not an event",
                           {"event_id":"p-4","event_type":"click","user_id":"u1","timestamp":"soon"},
                           {"event_id":"p-5","event_type":"click","user_id":"u1","event_data":{"blob":"%s"}}]}"""
                        .formatted(big));

        String requestId = json(r).path("request_id").asText();
        assertAnswer(
                r,
                207,
                "{\"request_id\":\"" + requestId + "\",\"results\":["
                        + "{\"index\":0,\"event_id\":\"p-1\",\"status\":\"accepted\",\"error\":null},"
                        + "{\"index\":1,\"event_id\":\"p-2\",\"status\":\"rejected\",\"error\":\"event_type is required\"},"
                        + "{\"index\":2,\"event_id\":null,\"status\":\"rejected\",\"error\":\"event must be a JSON object\"},"
                        + "{\"index\":3,\"event_id\":\"p-4\",\"status\":\"rejected\",\"error\":"
                        + "\"timestamp must be an RFC 3339 date-time, e.g. 2024-01-15T10:30:45Z, got 'soon'\"},"
                        + "{\"index\":4,\"event_id\":\"p-5\",\"status\":\"rejected\","
                        + "\"error\":\"event is larger than 32768 bytes\"}]}");
        HttpResponse<String> marker =
                app.postJson("/events", "{\"event_id\":\"p-marker\",\"event_type\":\"m\",\"user_id\":\"u1\"}");
        assertThat(marker.statusCode()).isEqualTo(202);
        assertThat(idsUntil("p-marker")).contains("p-1", "p-marker").doesNotContain("p-2", "p-4", "p-5");
    }

    @Test
    void a_repeated_event_id_is_acknowledged_again_and_produced_once() {
        String event = "{\"event_id\":\"dup-1\",\"event_type\":\"click\",\"user_id\":\"u9\"}";

        HttpResponse<String> first = app.postJson("/events", event);
        HttpResponse<String> again = app.postJson("/events", event);
        HttpResponse<String> inBatch = app.postJson("/events/batch", "{\"events\":[" + event + "]}");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again).path("event_id").asText()).isEqualTo("dup-1");
        assertThat(json(again).path("status").asText()).isEqualTo("accepted");
        assertThat(inBatch.statusCode()).isEqualTo(202);
        assertThat(app.postJson("/events", "{\"event_id\":\"dup-marker\",\"event_type\":\"m\",\"user_id\":\"u9\"}")
                        .statusCode())
                .isEqualTo(202);
        assertThat(idsUntil("dup-marker")).filteredOn("dup-1"::equals).hasSize(1);
    }

    @Test
    void invalid_json_and_missing_or_mistyped_fields_are_400_naming_the_field() {
        HttpResponse<String> malformed = app.postJson("/events", "{\"event_type\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).path("error").asText()).startsWith("Malformed JSON: ");
        assertThat(fieldNames(json(malformed))).containsExactly("error");

        assertAnswer(
                app.postJson("/events", "{\"user_id\":\"u1\"}"),
                400,
                "{\"error\":\"event_type is required\",\"field\":\"event_type\"}");
        assertAnswer(
                app.postJson("/events", "{\"event_type\":\"a\",\"user_id\":7}"),
                400,
                "{\"error\":\"user_id must be a string\",\"field\":\"user_id\"}");
        assertAnswer(
                app.postJson("/events", "{\"event_type\":\"a\",\"user_id\":\"u\",\"event_data\":[1]}"),
                400,
                "{\"error\":\"event_data must be a JSON object\",\"field\":\"event_data\"}");
        assertAnswer(
                app.postJson("/events", "{\"event_type\":\"a\",\"user_id\":\"u\",\"timestamp\":\"x\"}"),
                400,
                "{\"error\":\"timestamp must be an RFC 3339 date-time, e.g. 2024-01-15T10:30:45Z, got 'x'\","
                        + "\"field\":\"timestamp\"}");
        assertAnswer(
                app.postJson("/events", "[{\"event_type\":\"a\"}]"),
                400,
                "{\"error\":\"Request body must be a JSON object\"}");
        assertAnswer(
                app.post("/events", "application/json", ""), 400, "{\"error\":\"Request body must be a JSON object\"}");

        assertAnswer(
                app.postJson("/events/batch", "{}"), 400, "{\"error\":\"events is required\",\"field\":\"events\"}");
        assertAnswer(
                app.postJson("/events/batch", "{\"events\":{}}"),
                400,
                "{\"error\":\"events must be an array of events\",\"field\":\"events\"}");
        assertAnswer(
                app.postJson("/events/batch", "{\"events\":[]}"),
                400,
                "{\"error\":\"events must not be empty\",\"field\":\"events\"}");
        assertAnswer(
                app.postJson("/events/batch", "{\"events\":[{}],\"sent_at\":5}"),
                400,
                "{\"error\":\"sent_at must be an RFC 3339 date-time, e.g. 2024-01-15T10:30:45Z\",\"field\":\"sent_at\"}");
        String tooMany = "{\"events\":[" + String.join(",", java.util.Collections.nCopies(501, "{}")) + "]}";
        assertAnswer(
                app.postJson("/events/batch", tooMany),
                400,
                "{\"error\":\"events must hold at most 500 events, got 501\",\"field\":\"events\","
                        + "\"max_batch_events\":500}");
    }

    @Test
    void bodies_over_the_limits_are_413_with_the_limits_and_a_wrong_content_type_is_415() {
        String bigEvent =
                "{\"event_type\":\"a\",\"user_id\":\"u\",\"event_data\":{\"b\":\"" + "x".repeat(33 * 1024) + "\"}}";
        assertAnswer(
                app.postJson("/events", bigEvent),
                413,
                "{\"error\":\"Event is larger than 32768 bytes\"," + LIMITS_413 + "}");

        String bigBatch = "{\"events\":[" + String.join(",", java.util.Collections.nCopies(40, bigEvent)) + "]}";
        assertAnswer(
                app.postJson("/events/batch", bigBatch),
                413,
                "{\"error\":\"Request body is larger than 1048576 bytes\"," + LIMITS_413 + "}");

        assertAnswer(
                app.post("/events", "text/plain", "{\"event_type\":\"a\",\"user_id\":\"u\"}"),
                415,
                "{\"error\":\"Content-Type must be application/json\",\"content_type\":\"text/plain\"}");
        assertAnswer(
                app.post("/events/batch", "application/x-www-form-urlencoded", "a=b"),
                415,
                "{\"error\":\"Content-Type must be application/json\","
                        + "\"content_type\":\"application/x-www-form-urlencoded\"}");
    }

    @Test
    void health_ready_live_and_metrics_answer() {
        HttpResponse<String> health = app.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).path("status").asText()).isEqualTo("healthy");
        assertThat(json(health).path("kafka_status").asText()).isEqualTo("UP");
        assertAnswer(app.get("/ready"), 200, "{\"ready\":true,\"status\":\"healthy\"}");
        assertAnswer(app.get("/live"), 200, "{\"alive\":true}");
        assertThat(app.postJson("/events", "{\"event_type\":\"a\",\"user_id\":\"u\"}")
                        .statusCode())
                .isEqualTo(202);

        String metrics = app.get("/metrics").body();
        assertThat(metrics)
                .contains("sluice_activity_ingest_accepted_total{service=\"ingestion-service\"}")
                .contains("sluice_activity_ingest_rejected_total{reason=\"invalid\",service=\"ingestion-service\"}")
                .contains("sluice_activity_ingest_dropped_total{reason=\"spill_full\",service=\"ingestion-service\"}")
                .contains("sluice_activity_ingest_spilled_total")
                .contains("sluice_activity_ingest_latency_seconds_bucket")
                .contains("sluice_events_sent_total{service=\"ingestion-service\"}");
    }

    @Test
    void with_kafka_away_and_the_spill_file_full_events_are_answered_503_with_retry_after(@TempDir Path own)
            throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> extra = new HashMap<>();
        extra.put("services.activity-ingestion.spill.max_bytes", "2048");
        try (IngestionFixture down = IngestionFixture.start("127.0.0.1:" + closedPort, "activity-down", own, extra)) {
            String event = "{\"event_type\":\"click\",\"user_id\":\"u1\",\"event_data\":{\"pad\":\"" + "p".repeat(300)
                    + "\"}}";
            HttpResponse<String> spilled = down.postJson("/events", event);
            assertThat(spilled.statusCode()).as(spilled.body()).isEqualTo(202);

            HttpResponse<String> refused = null;
            for (int i = 0; i < 20 && refused == null; i++) {
                HttpResponse<String> r = down.postJson("/events", event);
                if (r.statusCode() != 202) {
                    refused = r;
                }
            }
            assertThat(refused).isNotNull();
            assertAnswer(
                    refused,
                    503,
                    "{\"error\":\"Events could not be stored safely; retry later\",\"reason\":\"spill_full\","
                            + "\"retry_after_s\":1}");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

            HttpResponse<String> batch = down.postJson("/events/batch", "{\"events\":[" + event + ",{}]}");
            JsonNode b = json(batch);
            assertThat(batch.statusCode()).isEqualTo(503);
            assertThat(batch.headers().firstValue("Retry-After")).hasValue("1");
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("error", "Events could not be stored safely; retry later");
            expected.put("reason", "spill_full");
            expected.put("retry_after_s", 1);
            expected.put("request_id", b.path("request_id").asText());
            Map<String, Object> failed = new LinkedHashMap<>();
            failed.put("index", 0);
            failed.put("event_id", b.path("results").path(0).path("event_id").asText());
            failed.put("status", "failed");
            failed.put("error", "spill_full");
            Map<String, Object> rejected = new LinkedHashMap<>();
            rejected.put("index", 1);
            rejected.put("event_id", null);
            rejected.put("status", "rejected");
            rejected.put("error", "event_type is required");
            expected.put("results", List.of(failed, rejected));
            assertThat(b).isEqualTo(tree(expected));

            JsonNode health = json(down.get("/health"));
            assertThat(health.path("status").asText()).isEqualTo("degraded");
            assertThat(health.path("kafka_status").asText()).isEqualTo("NOT UP");
        }
    }

    /** The topic's event ids, in partition order, read until {@code marker} (sent last) shows up. */
    private static List<String> idsUntil(String marker) {
        return TopicReader.readUntil(KafkaBroker.bootstrapServers(), app.topic, marker, Duration.ofSeconds(20)).stream()
                .map(r -> parse(new String(r.value(), StandardCharsets.UTF_8))
                        .path("event_id")
                        .asText())
                .toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
