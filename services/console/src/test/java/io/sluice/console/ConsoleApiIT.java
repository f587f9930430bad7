package io.sluice.console;

import static io.sluice.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.Settings;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.ServiceMain;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.TestHttp;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint of docs/console-api.md but the dead letters, against a real broker, a real console started through
 * its provider, and a tiny real HTTP server standing in for the services ({@link StubService}): the stub is the
 * {@code stub-consumer} (a flow from {@link StubConsumerProvider}: a topic, a group that lags) and the
 * {@code text-writer} (the data proxy's paths); {@code embeddings} points at a closed port. Then the errors: 400
 * naming the field, 404, 401 and 403 on writes, and 503 from a console whose Kafka is out of reach.
 */
class ConsoleApiIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TOKEN = "console-token";
    private static final long HOUR_AGO = System.currentTimeMillis() - 3_600_000L;

    @TempDir
    static Path dir;

    private static StubService stub;
    private static RunningService console;
    private static TestHttp http;
    private static String topic;
    private static String binaryTopic;

    @BeforeAll
    static void start() throws Exception {
        topic = KafkaBroker.freshTopic("console-orders", 2);
        binaryTopic = KafkaBroker.freshTopic("console-binary", 1);
        KafkaBroker.createTopic(topic + ".dlq", 1);
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            for (int i = 0; i < 6; i++) { // partition 0: an hour old
                p.send(new ProducerRecord<>(topic, 0, HOUR_AGO + i, bytes("k" + i), bytes("alpha-" + i)))
                        .get();
            }
            for (int i = 0; i < 4; i++) {
                ProducerRecord<byte[], byte[]> r =
                        new ProducerRecord<>(topic, 1, null, bytes("k" + i), bytes("beta-" + i));
                r.headers().add("trace", bytes("t-" + i));
                p.send(r).get();
            }
            p.send(new ProducerRecord<>(topic + ".dlq", bytes("k"), bytes("poison")))
                    .get();
            p.send(new ProducerRecord<>(binaryTopic, null, new byte[] {0, 1, 2, (byte) 0xff}))
                    .get();
        }
        commit("console-group", Map.of(new TopicPartition(topic, 0), 2L, new TopicPartition(topic, 1), 4L));
        stub = new StubService();
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap_servers", KafkaBroker.bootstrapServers());
        s.put("services.console.http.port", "0");
        s.put("services.console.sample_interval", "200ms");
        s.put("services.console.urls.stub-consumer", stub.url());
        s.put("services.console.urls.text-writer", stub.url());
        s.put("services.console.urls.embeddings", "http://127.0.0.1:1");
        s.put("services.console.tokens.text-writer", "writer-token");
        s.put("services.stub-consumer.topic", topic);
        s.put("services.stub-consumer.group", "console-group");
        s.put("http.api_token", TOKEN);
        console = new ConsoleProvider()
                .start(new ServiceContext(Settings.of(s), ServiceMain.prometheus(), ServiceContext.Mode.RUN, dir));
        http = new TestHttp("http://127.0.0.1:" + console.port());
        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonNode row = service("stub-consumer");
            assertThat(row.path("rate").isNumber()).as(row.toString()).isTrue();
            assertThat(row.path("lag_records").asLong()).isEqualTo(4);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (console != null) {
            console.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    // --- pages ---

    @Test
    void the_index_page_and_assets_are_served_from_the_jar() {
        HttpResponse<String> index = http.get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type").orElse("").replace(" ", ""))
                .isEqualTo("text/html;charset=utf-8");
        assertThat(index.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(index.body()).contains("<html");

        assertThat(http.get("/assets/index.html").statusCode()).isEqualTo(200);
        assertThat(http.get("/assets/missing.js").statusCode()).isEqualTo(404);
        assertThat(http.get("/assets/../META-INF/MANIFEST.MF").statusCode()).isEqualTo(404);
        assertThat(http.get("/assets/%2e%2e/%2e%2e/etc/passwd").statusCode()).isIn(400, 404); // Jetty: ambiguous
    }

    @Test
    void uplot_is_served_from_its_webjar_and_cached() {
        HttpResponse<String> js = http.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(http.get("/webjars/uplot/1.6.30/dist/uPlot.min.css")
                        .headers()
                        .firstValue("Content-Type"))
                .hasValue("text/css; charset=utf-8");
        assertThat(http.get("/webjars/other/1.0/x.js").statusCode()).isEqualTo(404);
    }

    // --- pipeline and services ---

    @Test
    void the_overview_draws_the_pipeline_with_health_lag_and_dlq() {
        JsonNode o = json(http.get("/api/overview"));

        assertThat(o.path("kafka").asText()).isEqualTo("up");
        assertThat(ids(o.path("nodes")))
                .contains(
                        "service:stub-consumer",
                        "topic:" + topic,
                        "topic:" + topic + ".dlq",
                        "store:postgres:stub_rows",
                        "service:text-writer",
                        "service:embeddings");
        assertThat(edges(o))
                .contains(
                        "topic:" + topic + "->service:stub-consumer",
                        "service:stub-consumer->store:postgres:stub_rows");
        JsonNode row = find(o.path("services"), "name", "stub-consumer");
        assertThat(row.path("title").asText()).isEqualTo("Stub consumer");
        assertThat(row.path("health").asText()).isEqualTo("up");
        assertThat(row.path("lag_records").asLong()).isEqualTo(4);
        assertThat(row.path("lag_seconds").asDouble()).isGreaterThan(3_000); // the record at offset 2 is an hour old
        assertThat(row.path("freshness_seconds").asDouble()).isEqualTo(1.5);
        assertThat(row.path("dlq_count").asLong()).isEqualTo(1);
        assertThat(find(o.path("services"), "name", "embeddings").path("health").asText())
                .isEqualTo("unreachable");
        assertThat(o.path("dlq").path("total").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void services_list_the_same_rows_and_one_service_adds_its_health_and_groups_with_secrets_masked() {
        JsonNode list = json(http.get("/api/services"));
        assertThat(list.isArray()).isTrue();
        assertThat(find(list, "name", "text-writer").path("url").asText()).isEqualTo(stub.url());

        HttpResponse<String> r = http.get("/api/services/stub-consumer");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode one = json(r);
        assertThat(one.path("health_details").path("status").asText()).isEqualTo("healthy");
        assertThat(one.path("health_details").path("database_password").asText())
                .isEqualTo("***");
        assertThat(one.path("health_details").path("database_url").asText()).isEqualTo("postgres://***@db:5432/sluice");
        assertThat(r.body()).doesNotContain("hunter2").doesNotContain("sluice:pw");
        JsonNode group = one.path("groups").get(0);
        assertThat(group.path("group").asText()).isEqualTo("console-group");
        assertThat(group.path("lag").asLong()).isEqualTo(4);
    }

    @Test
    void an_unknown_service_is_404_naming_it() {
        HttpResponse<String> r = http.get("/api/services/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).path("error").asText()).isEqualTo("Unknown service");
        assertThat(json(r).path("service").asText()).isEqualTo("nope");
        assertThat(http.get("/api/services/nope/history").statusCode()).isEqualTo(404);
    }

    @Test
    void history_has_a_point_per_sample_with_every_series() {
        JsonNode h = json(http.get("/api/services/stub-consumer/history?minutes=5"));

        assertThat(h.path("t").size()).isGreaterThanOrEqualTo(2);
        for (String s : ServiceSeries.SERIES) {
            assertThat(h.path("series").path(s).size())
                    .as(s)
                    .isEqualTo(h.path("t").size());
        }
        JsonNode rates = h.path("series").path("rate");
        assertThat(rates.get(rates.size() - 1).asDouble()).isGreaterThan(0);
        JsonNode latency = h.path("series").path("batch_latency_ms");
        assertThat(latency.get(latency.size() - 1).asDouble()).isGreaterThan(0);
    }

    @Test
    void history_minutes_out_of_range_is_400_naming_the_field() {
        for (String bad : List.of("0", "1441", "abc")) {
            HttpResponse<String> r = http.get("/api/services/stub-consumer/history?minutes=" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(r).path("field").asText()).isEqualTo("minutes");
            assertThat(json(r).path("error").asText())
                    .isEqualTo("minutes must be an integer between 1 and 1440, got '" + bad + "'");
        }
    }

    // --- topics and groups ---

    @Test
    void topics_list_partitions_messages_and_dlq() {
        JsonNode topics = json(http.get("/api/topics"));

        JsonNode t = find(topics, "name", topic);
        assertThat(t.path("partitions").asInt()).isEqualTo(2);
        assertThat(t.path("messages").asLong()).isEqualTo(10);
        assertThat(t.path("dlq").asBoolean()).isFalse();
        assertThat(find(topics, "name", topic + ".dlq").path("dlq").asBoolean()).isTrue();
    }

    @Test
    void a_topic_shows_its_offsets_and_the_groups_that_read_it() {
        JsonNode t = json(http.get("/api/topics/" + topic));

        assertThat(t.path("partitions").get(0).path("start").asLong()).isZero();
        assertThat(t.path("partitions").get(0).path("end").asLong()).isEqualTo(6);
        JsonNode g = find(t.path("groups"), "group", "console-group");
        assertThat(g.path("lag").asLong()).isEqualTo(4);
        assertThat(g.path("partitions").get(0).path("committed").asLong()).isEqualTo(2);
        assertThat(g.path("partitions").get(0).path("lag").asLong()).isEqualTo(4);
    }

    @Test
    void an_unknown_topic_is_404() {
        for (String path : List.of("/api/topics/no-such-topic", "/api/topics/no-such-topic/messages")) {
            HttpResponse<String> r = http.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(json(r).path("error").asText()).isEqualTo("Unknown topic");
            assertThat(json(r).path("topic").asText()).isEqualTo("no-such-topic");
        }
    }

    @Test
    void groups_list_state_topics_and_lag() {
        JsonNode g = find(json(http.get("/api/groups")), "group", "console-group");

        assertThat(g.path("lag").asLong()).isEqualTo(4);
        assertThat(g.path("topics").get(0).asText()).isEqualTo(topic);
        assertThat(g.path("state").asText()).isNotBlank();
    }

    // --- the message browser ---

    @Test
    void the_latest_records_by_default_oldest_first() {
        JsonNode m = json(http.get("/api/topics/" + topic + "/messages?limit=3"));

        assertThat(m.path("records").size()).isEqualTo(3);
        assertThat(m.path("scanned").asInt()).isEqualTo(6); // the last 3 of each partition
        assertThat(values(m)).containsExactly("beta-1", "beta-2", "beta-3");
        JsonNode rec = m.path("records").get(2);
        assertThat(rec.path("key").asText()).isEqualTo("k3");
        assertThat(rec.path("headers").path("trace").asText()).isEqualTo("t-3");
        assertThat(rec.path("timestamp").asText()).endsWith("Z");
    }

    @Test
    void from_an_offset_in_a_partition_with_the_next_offset() {
        JsonNode m = json(http.get("/api/topics/" + topic + "/messages?partition=0&offset=3"));

        assertThat(values(m)).containsExactly("alpha-3", "alpha-4", "alpha-5");
        assertThat(m.path("next").path("0").asLong()).isEqualTo(6);
        assertThat(m.path("scanned").asInt()).isEqualTo(3);
    }

    @Test
    void from_a_time_in_every_partition() {
        String since = Instant.ofEpochMilli(HOUR_AGO + 3).toString();
        JsonNode m = json(http.get("/api/topics/" + topic + "/messages?since=" + since + "&limit=100"));

        assertThat(values(m))
                .containsExactlyInAnyOrder("alpha-3", "alpha-4", "alpha-5", "beta-0", "beta-1", "beta-2", "beta-3");
        JsonNode byMillis =
                json(http.get("/api/topics/" + topic + "/messages?since=" + (HOUR_AGO + 5) + "&partition=0"));
        assertThat(values(byMillis)).containsExactly("alpha-5");
    }

    @Test
    void a_text_filter_says_how_many_it_scanned_and_matched() {
        JsonNode m = json(http.get("/api/topics/" + topic + "/messages?q=BETA-2"));
        assertThat(m.path("scanned").asInt()).isEqualTo(10);
        assertThat(m.path("matched").asInt()).isEqualTo(1);
        assertThat(values(m)).containsExactly("beta-2");

        JsonNode byHeader = json(http.get("/api/topics/" + topic + "/messages?q=t-1"));
        assertThat(values(byHeader)).containsExactly("beta-1");
    }

    @Test
    void binary_values_are_base64() {
        JsonNode m = json(http.get("/api/topics/" + binaryTopic + "/messages?partition=0&offset=0&limit=1"));

        assertThat(m.path("records").get(0).path("value").path("base64").asText())
                .isEqualTo("AAEC/w==");
        assertThat(m.path("records").get(0).path("key").isNull()).isTrue();
    }

    @Test
    void bad_browse_parameters_are_400_naming_the_field() {
        assertBad("/api/topics/" + topic + "/messages?offset=3", "partition", "partition is required with offset");
        assertBad(
                "/api/topics/" + topic + "/messages?partition=9",
                "partition",
                "partition 9 does not exist in " + topic);
        assertBad(
                "/api/topics/" + topic + "/messages?partition=-1",
                "partition",
                "partition must be an integer between 0 and 2147483647, got '-1'");
        assertBad(
                "/api/topics/" + topic + "/messages?partition=0&offset=x",
                "offset",
                "offset must be a non-negative integer, got 'x'");
        assertBad(
                "/api/topics/" + topic + "/messages?limit=0",
                "limit",
                "limit must be an integer between 1 and 1000, got '0'");
        assertBad(
                "/api/topics/" + topic + "/messages?since=yesterday",
                "since",
                "since must be an ISO-8601 time (2026-01-02T03:04:05Z) or epoch milliseconds, got 'yesterday'");
    }

    // --- produce ---

    @Test
    void produce_writes_a_record_with_the_token_and_announces_it() {
        String target = KafkaBroker.freshTopic("console-produce", 2);
        HttpResponse<String> r = write(
                "/api/topics/" + target + "/messages",
                "{\"key\":\"k\",\"value\":\"hello\",\"headers\":{\"h\":\"v\"},\"partition\":1}",
                TOKEN,
                null);

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).path("topic").asText()).isEqualTo(target);
        assertThat(json(r).path("partition").asInt()).isEqualTo(1);
        assertThat(json(r).path("offset").asLong()).isZero();
        JsonNode m = json(http.get("/api/topics/" + target + "/messages?partition=1&offset=0"));
        assertThat(values(m)).containsExactly("hello");
        assertThat(m.path("records").get(0).path("headers").path("h").asText()).isEqualTo("v");
    }

    @Test
    void produce_without_the_token_is_401_and_across_origins_403() {
        HttpResponse<String> noToken = write("/api/topics/" + topic + "/messages", "{\"value\":\"x\"}", null, null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(json(noToken).path("error").asText()).isEqualTo("Missing or invalid API token");

        HttpResponse<String> wrong = write("/api/topics/" + topic + "/messages", "{\"value\":\"x\"}", "nope", null);
        assertThat(wrong.statusCode()).isEqualTo(401);

        HttpResponse<String> cross =
                write("/api/topics/" + topic + "/messages", "{\"value\":\"x\"}", TOKEN, "http://evil.example");
        assertThat(cross.statusCode()).isEqualTo(403);
        assertThat(json(cross).path("error").asText()).isEqualTo("Cross-origin request refused");
        assertThat(json(http.get("/api/topics/" + topic)).path("messages").asLong())
                .isEqualTo(10);
    }

    @Test
    void bad_produce_bodies_are_400_naming_the_field_and_an_unknown_topic_404() {
        String path = "/api/topics/" + topic + "/messages";
        assertBadWrite(path, "{}", "value", "value must be a string (or null for a tombstone)");
        assertBadWrite(path, "{\"value\":3}", "value", "value must be a string (or null for a tombstone)");
        assertBadWrite(path, "{\"value\":\"x\",\"key\":{}}", "key", "key must be a string or null");
        assertBadWrite(path, "{\"value\":\"x\",\"headers\":[]}", "headers", "headers must be an object of strings");
        assertBadWrite(path, "{\"value\":\"x\",\"headers\":{\"a\":1}}", "headers", "headers.a must be a string");
        assertBadWrite(path, "{\"value\":\"x\",\"partition\":7}", "partition", "partition must be one of 0..1 or null");
        HttpResponse<String> unknown = write("/api/topics/no-such-topic/messages", "{\"value\":\"x\"}", TOKEN, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("topic").asText()).isEqualTo("no-such-topic");
    }

    // --- the data proxy ---

    @Test
    void the_proxy_forwards_a_panels_get_with_its_query_and_passes_status_and_body() {
        HttpResponse<String> r = http.get("/api/proxy/text-writer/messages?limit=2&offset=4");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("messages").get(0).path("text").asText()).isEqualTo("hello");
        assertThat(json(r).path("query").asText()).isEqualTo("limit=2&offset=4");

        HttpResponse<String> missing = http.get("/api/proxy/text-writer/messages/missing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("error").asText()).isEqualTo("Message not found");
    }

    @Test
    void the_proxy_refuses_other_paths_and_unknown_services() {
        HttpResponse<String> other = http.get("/api/proxy/text-writer/metrics");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(json(other).path("error").asText()).isEqualTo("Path not available through the console");
        HttpResponse<String> unknown = http.get("/api/proxy/nope/messages");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").asText()).isEqualTo("Unknown service");
    }

    @Test
    void an_unreachable_service_is_503() {
        HttpResponse<String> r = http.get("/api/proxy/embeddings/status");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).path("error").asText()).isEqualTo("embeddings unreachable");
    }

    @Test
    void a_proxied_write_needs_the_console_token_and_carries_the_services_own() {
        assertThat(write("/api/proxy/text-writer/messages", "{\"text\":\"hi\"}", null, null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(write("/api/proxy/text-writer/messages", "{\"text\":\"hi\"}", TOKEN, "http://evil.example")
                        .statusCode())
                .isEqualTo(403);

        HttpResponse<String> r = write("/api/proxy/text-writer/messages", "{\"text\":\"hi\"}", TOKEN, null);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(stub.lastAuthorization.get()).isEqualTo("Bearer writer-token");
        assertThat(stub.lastBody.get()).isEqualTo("{\"text\":\"hi\"}");
    }

    // --- the live stream, probes, metrics ---

    @Test
    void the_stream_sends_the_overview_and_an_action_after_a_write() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> r = client.send(
                HttpRequest.newBuilder(http.uri("/api/stream"))
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (Stream<String> lines = r.body()) {
            Iterator<String> it = lines.iterator();
            List<String> events = new ArrayList<>();
            boolean produced = false;
            while (it.hasNext() && !events.contains("action")) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    events.add(line.substring(6).trim());
                }
                if (line.startsWith("data:") && events.contains("overview") && !produced) {
                    assertThat(Json(line.substring(5)).path("services").isArray())
                            .isTrue();
                    produced = true;
                    assertThat(write("/api/topics/" + binaryTopic + "/messages", "{\"value\":\"again\"}", TOKEN, null)
                                    .statusCode())
                            .isEqualTo(201);
                }
            }
            assertThat(events).contains("overview", "action");
        }
    }

    @Test
    void health_and_ready_once_kafka_answered_and_metrics_are_prometheus_text() {
        HttpResponse<String> health = http.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).path("kafka").asText()).isEqualTo("up");
        assertThat(json(http.get("/ready")).path("ready").asBoolean()).isTrue();
        assertThat(http.get("/metrics").body()).contains("sluice_console_sample_seconds_count");
    }

    @Test
    void with_kafka_out_of_reach_kafka_routes_are_503_and_the_overview_still_answers() throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap_servers", "127.0.0.1:1");
        s.put("services.console.http.port", "0");
        s.put("services.console.sample_interval", "200ms");
        s.put("services.console.kafka_timeout", "1s");
        s.put("services.console.urls.text-writer", stub.url());
        try (RunningService down = new ConsoleProvider()
                .start(new ServiceContext(Settings.of(s), ServiceMain.prometheus(), ServiceContext.Mode.RUN, dir))) {
            TestHttp h = new TestHttp("http://127.0.0.1:" + down.port());
            for (String path : List.of("/api/topics", "/api/groups", "/api/topics/x", "/api/topics/x/messages")) {
                HttpResponse<String> r = h.get(path);
                assertThat(r.statusCode()).as(path).isEqualTo(503);
                assertThat(json(r).path("error").asText()).isEqualTo("Kafka unavailable, try again later");
            }
            assertThat(h.postJson("/api/topics/x/messages", "{\"value\":\"v\"}").statusCode())
                    .isEqualTo(503);
            await().atMost(TIMEOUT).untilAsserted(() -> {
                JsonNode o = json(h.get("/api/overview"));
                assertThat(o.path("kafka").asText()).isEqualTo("unreachable");
                assertThat(find(o.path("services"), "name", "text-writer")
                                .path("health")
                                .asText())
                        .isEqualTo("up");
            });
            assertThat(h.get("/health").statusCode()).isEqualTo(503);
            assertThat(h.get("/ready").statusCode()).isEqualTo(503);
        }
    }

    // --- helpers ---

    private static JsonNode Json(String s) throws Exception {
        return io.sluice.core.json.Json.mapper().readTree(s);
    }

    private static JsonNode service(String name) {
        return find(json(http.get("/api/services")), "name", name);
    }

    private static void assertBad(String path, String field, String error) {
        HttpResponse<String> r = http.get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(400);
        assertThat(json(r).path("field").asText()).as(path).isEqualTo(field);
        assertThat(json(r).path("error").asText()).as(path).isEqualTo(error);
    }

    private static void assertBadWrite(String path, String body, String field, String error) {
        HttpResponse<String> r = write(path, body, TOKEN, null);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        assertThat(json(r).path("field").asText()).as(body).isEqualTo(field);
        assertThat(json(r).path("error").asText()).as(body).isEqualTo(error);
    }

    private static HttpResponse<String> write(String path, String body, String token, String origin) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build());
    }

    private static List<String> ids(JsonNode nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.path("id").asText()));
        return out;
    }

    private static List<String> edges(JsonNode overview) {
        List<String> out = new ArrayList<>();
        overview.path("edges")
                .forEach(e ->
                        out.add(e.path("from").asText() + "->" + e.path("to").asText()));
        return out;
    }

    private static List<String> values(JsonNode browse) {
        List<String> out = new ArrayList<>();
        browse.path("records").forEach(r -> out.add(r.path("value").asText()));
        return out;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (Objects.equals(n.path(field).asText(), value)) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void commit(String group, Map<TopicPartition, Long> offsets) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(offsets.keySet());
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            offsets.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
            consumer.commitSync(commit);
        }
    }
}
