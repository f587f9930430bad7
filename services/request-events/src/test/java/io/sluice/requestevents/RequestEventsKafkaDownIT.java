package io.sluice.requestevents;

import static io.sluice.requestevents.RequestEventsFixture.json;
import static io.sluice.requestevents.RequestEventsFixture.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.embedded.EmbeddedKafka;
import io.sluice.testkit.KafkaBroker;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka down when the service starts: it starts anyway and answers every endpoint as the README promises; the
 * events of those requests wait in the spill file and reach SQLite, each once, when the broker comes up.
 */
class RequestEventsKafkaDownIT {
    private static final int REQUESTS = 200;

    @TempDir
    Path dir;

    @Test
    void with_kafka_down_at_start_every_endpoint_degrades_and_every_event_is_stored_once_kafka_is_up() {
        try (EmbeddedKafka broker = KafkaBroker.dedicated(dir.resolve("kafka"))) {
            long began = System.nanoTime();
            try (RequestEventsFixture app = RequestEventsFixture.start(
                    broker.bootstrapServers(), "events-down", dir, Map.of("events.trusted_proxies", "127.0.0.1"))) {
                assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));

                HttpResponse<String> root = app.get("/");
                assertThat(root.statusCode()).isEqualTo(200);
                assertThat(json(root).path("message").asText()).isEqualTo("Hello, Kafka is NOT UP");
                assertThat(json(root).path("kafka_status").asText()).isEqualTo("NOT UP");

                HttpResponse<String> status = app.get("/kafka/status");
                assertThat(status.statusCode()).isEqualTo(503);
                JsonNode s = json(status);
                assertThat(s.path("status").asText()).isEqualTo("unavailable");
                assertThat(s.path("message").asText()).isEqualTo("Kafka is not reachable");
                assertThat(s.path("kafka_producer").asText()).isEqualTo("disconnected");
                assertThat(s.path("kafka_error").asText()).isNotBlank();

                HttpResponse<String> publish = app.postJson("/kafka/publish", "{\"event_type\":\"x\"}");
                assertThat(publish.statusCode()).isEqualTo(503);
                assertThat(json(publish)).isEqualTo(tree(Map.of("error", "Kafka service not available")));

                HttpResponse<String> flush = app.post("/kafka/flush", null, "");
                assertThat(flush.statusCode()).isEqualTo(503);
                assertThat(json(flush).path("status").asText()).isEqualTo("unavailable");
                assertThat(json(flush).path("message").asText()).isEqualTo("Kafka producer not available");

                assertThat(app.get("/healthz").statusCode()).isEqualTo(200);

                Set<String> ips = new HashSet<>();
                for (int i = 0; i < REQUESTS; i++) {
                    String ip = "2001:db8::" + Integer.toHexString(i + 1);
                    ips.add(ip);
                    long start = System.nanoTime();
                    HttpResponse<String> r = app.get("/", "X-Forwarded-For", ip);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
                }
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> app.service.emitter().state().spilled() >= 2 * REQUESTS + 1);
                HttpResponse<String> health = app.get("/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(json(health).path("status").asText()).isEqualTo("degraded");
                assertThat(json(health).path("kafka_status").asText()).isEqualTo("NOT UP");
                assertThat(json(health).path("emitter").path("dropped").asLong())
                        .isZero();

                broker.start();

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> app.db.count("SELECT count(*) FROM http_requests") == REQUESTS + 1
                                && app.db.count("SELECT count(*) FROM http_responses") == REQUESTS + 1);
                List<String> stored = app.db.strings("SELECT user_ip FROM http_requests WHERE user_ip LIKE '2001:%'");
                assertThat(new HashSet<>(stored)).isEqualTo(ips);
                assertThat(stored).hasSize(REQUESTS);
                assertThat(app.db.count("SELECT count(DISTINCT event_id) FROM http_requests"))
                        .isEqualTo(REQUESTS + 1);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(app.service.emitter().state().spilled()).isZero();
                    assertThat(json(app.get("/")).path("kafka_status").asText()).isEqualTo("UP");
                    assertThat(app.get("/kafka/status").statusCode()).isEqualTo(200);
                    assertThat(json(app.get("/health")).path("status").asText()).isEqualTo("healthy");
                });
            }
        }
    }
}
