package io.sluice.console.dlq;

import static io.sluice.testkit.TestHttp.json;
import static io.sluice.testkit.TestHttp.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.config.Settings;
import io.sluice.core.consumer.DeadLetterConfig;
import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.core.consumer.PoisonRecordException;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthStatus;
import io.sluice.dlq.DeadLetters;
import io.sluice.http.HttpServer;
import io.sluice.http.HttpServerConfig;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.TestHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/dlq...} through a real {@link HttpServer} (its access checks, a token configured) and a real broker. */
@ExtendWith(KafkaBroker.class)
class DlqRoutesIT {
    private static final String TOKEN = "s3cret-token";

    static DeadLetters deadLetters;
    static DeadLetters unreachable;
    static HttpServer server;
    static HttpServer down;
    static TestHttp http;

    String topic;
    String dlq;

    @BeforeAll
    static void start() {
        deadLetters = DeadLetters.open(KafkaBroker.bootstrapServers(), Map.of());
        unreachable = DeadLetters.open("127.0.0.1:1", Map.of(), Duration.ofSeconds(2));
        server = server(deadLetters);
        down = server(unreachable);
        http = new TestHttp("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
        down.close();
        deadLetters.close();
        unreachable.close();
    }

    @BeforeEach
    void deadLetter() {
        topic = KafkaBroker.freshTopic("text");
        dlq = DeadLetterPublisher.topicFor(topic);
        KafkaBroker.createTopic(dlq, 1);
        KafkaBroker.produce(topic, "k0", "{not json");
        KafkaBroker.produce(topic, "k1", "{\"id\":\"m-1\",\"text\":\"ok\"}");
        List<ConsumerRecord<byte[], byte[]>> originals = KafkaBroker.consumeAll(topic, Duration.ofSeconds(20), 2);
        try (DeadLetterPublisher p = DeadLetterPublisher.create(
                KafkaBroker.bootstrapServers(), "text-writer-service", DeadLetterConfig.defaults(), Map.of())) {
            p.publish(originals.get(0), new PoisonRecordException("Invalid JSON"));
            p.publish(originals.get(1), new IllegalStateException("Duplicate key"));
            p.flush();
        }
    }

    @Test
    void lists_filters_and_shows_dead_letters() {
        JsonNode all = json(http.get("/api/dlq?topic=" + topic));
        assertThat(all.path("scanned").asInt()).isEqualTo(2);
        assertThat(all.path("matched").asInt()).isEqualTo(2);
        JsonNode first = all.path("records").get(1);
        assertThat(first.path("id").asText()).isEqualTo(dlq + ":0:0");
        assertThat(first.path("dlq_topic").asText()).isEqualTo(dlq);
        assertThat(first.path("original").path("topic").asText()).isEqualTo(topic);
        assertThat(first.path("original").path("offset").asLong()).isZero();
        assertThat(first.path("error"))
                .isEqualTo(tree(Map.of("class", PoisonRecordException.class.getName(), "message", "Invalid JSON")));
        assertThat(first.path("service").asText()).isEqualTo("text-writer-service");
        assertThat(first.path("key").asText()).isEqualTo("k0");
        assertThat(first.path("value").asText()).isEqualTo("{not json");
        assertThat(first.path("headers").path("sluice.dlq.topic").asText()).isEqualTo(topic);
        assertThat(first.path("status").asText()).isEqualTo("open");
        assertThat(first.path("history").isArray()).isTrue();

        JsonNode dup = json(http.get("/api/dlq?topic=" + dlq + "&error=duplicate&status=open&since=1h&limit=5"));
        assertThat(dup.path("matched").asInt()).isEqualTo(1);
        assertThat(dup.path("records").get(0).path("id").asText()).isEqualTo(dlq + ":0:1");

        HttpResponse<String> one = http.get("/api/dlq/" + dlq + ":0:1");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one).path("error").path("message").asText()).isEqualTo("Duplicate key");

        JsonNode summary = json(http.get("/api/dlq/summary"));
        assertThat(summary.path("topics")).contains(tree(Map.of("topic", dlq, "total", 2, "open", 2)));
        assertThat(summary.path("total").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void bad_parameters_are_400_naming_the_field_and_an_unknown_id_is_404() {
        assertError(
                http.get("/api/dlq?status=broken"),
                400,
                Map.of("error", "invalid status 'broken': expected open, replayed or resolved", "field", "status"));
        assertError(
                http.get("/api/dlq?limit=0"),
                400,
                Map.of("error", "limit must be an integer from 1 to 1000, got '0'", "field", "limit"));
        assertError(
                http.get("/api/dlq?limit=ten"),
                400,
                Map.of("error", "limit must be an integer from 1 to 1000, got 'ten'", "field", "limit"));
        assertError(
                http.get("/api/dlq?since=yesterday"),
                400,
                Map.of(
                        "error",
                        "since: invalid time 'yesterday': expected an ISO-8601 time (2026-12-05T10:15:30Z), a date"
                                + " (2026-12-05), epoch milliseconds or a duration ago (30m, 2h, 7d)",
                        "field",
                        "since"));
        assertError(
                http.get("/api/dlq/text-messages:0:1"),
                400,
                Map.of("error", "not a dead-letter topic (*.dlq): text-messages", "field", "id"));
        assertError(
                http.get("/api/dlq/" + dlq + ":x:1"),
                400,
                Map.of(
                        "error",
                        "invalid dead-letter ID '" + dlq + ":x:1': partition and offset must be numbers",
                        "field",
                        "id"));
        assertError(
                http.get("/api/dlq/" + dlq + ":0:99"),
                404,
                Map.of("error", "Unknown dead letter", "id", dlq + ":0:99"));
        assertError(
                post("/api/dlq/" + dlq + ":0:99/resolve", "{}"),
                404,
                Map.of("error", "Unknown dead letter", "id", dlq + ":0:99"));
        assertError(
                post("/api/dlq/replay", "{\"ids\": [\"" + dlq + ":0:99\"]}"),
                404,
                Map.of("error", "Unknown dead letter", "id", dlq + ":0:99"));
    }

    @Test
    void bad_replay_bodies_are_400_naming_the_field() {
        assertError(
                post("/api/dlq/replay", null), 400, Map.of("error", "ids or all_matching is required", "field", "ids"));
        assertError(
                post("/api/dlq/replay", "{}"), 400, Map.of("error", "ids or all_matching is required", "field", "ids"));
        assertError(
                post("/api/dlq/replay", "{\"ids\": [\"" + dlq + ":0:0\"], \"all_matching\": {}}"),
                400,
                Map.of("error", "give ids or all_matching, not both", "field", "all_matching"));
        assertError(
                post("/api/dlq/replay", "{\"ids\": []}"),
                400,
                Map.of("error", "ids must be a non-empty array of dead-letter IDs", "field", "ids"));
        assertError(
                post("/api/dlq/replay", "{\"ids\": [7]}"),
                400,
                Map.of("error", "ids[0] must be a string", "field", "ids[0]"));
        assertError(
                post("/api/dlq/replay", "{\"ids\": [\"nope\"]}"),
                400,
                Map.of(
                        "error",
                        "invalid dead-letter ID 'nope': expected <dlq topic>:<partition>:<offset>, e.g. text-messages.dlq:0:42",
                        "field",
                        "ids[0]"));
        assertError(
                post("/api/dlq/replay", "{\"ids\": [\"" + dlq + ":0:0\"], \"dry_run\": \"yes\"}"),
                400,
                Map.of("error", "dry_run must be true or false", "field", "dry_run"));
        assertError(
                post("/api/dlq/replay", "{\"all_matching\": {\"since\": \"soon\"}}"),
                400,
                Map.of(
                        "error",
                        "all_matching.since: invalid time 'soon': expected an ISO-8601 time (2026-12-05T10:15:30Z), a date"
                                + " (2026-12-05), epoch milliseconds or a duration ago (30m, 2h, 7d)",
                        "field",
                        "all_matching.since"));
        assertError(
                post("/api/dlq/replay", "{\"idz\": []}"),
                400,
                Map.of("error", "Unknown field idz; allowed: ids, all_matching, dry_run, force", "field", "idz"));
    }

    @Test
    void replay_then_resolve_are_recorded_and_a_second_replay_is_skipped_unless_forced() {
        String id = dlq + ":0:1";
        JsonNode dry =
                json(post("/api/dlq/replay", "{\"all_matching\": {\"topic\": \"" + topic + "\"}, \"dry_run\": true}"));
        assertThat(dry.path("dry_run").asBoolean()).isTrue();
        assertThat(dry.path("replayed")).hasSize(2);

        HttpResponse<String> r = post("/api/dlq/replay", "{\"ids\": [\"" + id + "\"]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r))
                .isEqualTo(tree(Map.of(
                        "dry_run", false,
                        "replayed",
                                List.of(Map.of("id", id, "to", Map.of("topic", topic, "partition", 0, "offset", 2))),
                        "skipped", List.of())));

        JsonNode again = json(post("/api/dlq/replay", "{\"ids\": [\"" + id + "\"]}"));
        assertThat(again.path("replayed")).isEmpty();
        assertThat(again.path("skipped").get(0).path("reason").asText()).startsWith("already replayed at ");
        JsonNode forced = json(post("/api/dlq/replay", "{\"ids\": [\"" + id + "\"], \"force\": true}"));
        assertThat(forced.path("replayed").get(0).path("to").path("offset").asLong())
                .isEqualTo(3);

        HttpResponse<String> resolved = post("/api/dlq/" + id + "/resolve", "{\"note\": \"checked\"}");
        assertThat(resolved.statusCode()).isEqualTo(200);
        assertThat(json(resolved).path("status").asText()).isEqualTo("resolved");
        assertThat(json(resolved).path("id").asText()).isEqualTo(id);
        JsonNode shown = json(http.get("/api/dlq/" + id));
        assertThat(shown.path("status").asText()).isEqualTo("resolved");
        assertThat(shown.path("history"))
                .extracting(h -> h.path("action").asText())
                .containsExactly("replay", "replay", "resolve");
        assertThat(shown.path("history").get(2).path("by").asText()).isEqualTo("console");
        assertThat(shown.path("history").get(2).path("note").asText()).isEqualTo("checked");
        assertThat(post("/api/dlq/" + dlq + ":0:0/resolve", null).statusCode()).isEqualTo(200);
    }

    @Test
    void writes_need_the_token_and_the_same_origin() {
        String body = "{\"ids\": [\"" + dlq + ":0:0\"]}";
        HttpResponse<String> noToken = http.postJson("/api/dlq/replay", body);
        assertThat(noToken.statusCode()).isEqualTo(401);
        HttpResponse<String> crossSite = http.send(request("/api/dlq/replay", body)
                .header("Origin", "https://evil.example")
                .build());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(http.get("/api/dlq/" + dlq + ":0:0").statusCode())
                .as("reads stay open")
                .isEqualTo(200);
    }

    @Test
    void kafka_out_of_reach_is_503() {
        TestHttp downHttp = new TestHttp("http://127.0.0.1:" + down.port());
        assertError(downHttp.get("/api/dlq"), 503, Map.of("error", "Kafka unavailable, try again later"));
        assertError(downHttp.get("/api/dlq/summary"), 503, Map.of("error", "Kafka unavailable, try again later"));
    }

    private static void assertError(HttpResponse<String> r, int status, Map<String, Object> body) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r)).isEqualTo(tree(body));
    }

    private static HttpResponse<String> post(String path, String body) {
        return http.send(
                request(path, body).header("Authorization", "Bearer " + TOKEN).build());
    }

    private static HttpRequest.Builder request(String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path))
                .timeout(Duration.ofSeconds(60))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return b;
    }

    private static HttpServer server(DeadLetters d) {
        return HttpServer.start(
                "console",
                HttpServerConfig.from(Settings.of(Map.of("http.port", "0", "http.api_token", TOKEN)), 0),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> new Health(HealthStatus.UP, Map.of()),
                r -> DlqRoutes.register(r, d));
    }
}
