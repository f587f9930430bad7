package io.sluice.textwriter;

import static io.sluice.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.embedded.EmbeddedKafka;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text writer's {@code /health} tells the truth about its broker: degraded (still 200: the API serves from
 * PostgreSQL) with {@code kafka_status} {@code NOT UP} while the broker is stopped, healthy again once it is back. It
 * said healthy 40 times out of 40 while request events, on the same broker, said NOT UP (issue 11, item 8).
 */
@ExtendWith(Postgres.class)
class TextWriterKafkaDownIT {
    @TempDir
    Path dir;

    @Test
    void health_is_degraded_while_the_broker_is_unreachable_and_healthy_again_when_it_is_back() {
        try (EmbeddedKafka broker = KafkaBroker.dedicated(dir.resolve("kafka"))) {
            broker.start();
            try (TextWriterFixture tw = TextWriterFixture.start(
                    "down-" + System.nanoTime(),
                    Postgres.freshDatabase("kafka_down"),
                    Map.of("kafka.bootstrap_servers", broker.bootstrapServers()))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> status(tw).equals("healthy"));
                assertThat(json(tw.get("/health")).path("kafka_status").asText())
                        .isEqualTo("UP");

                broker.stop();
                await().atMost(Duration.ofSeconds(15)).until(() -> status(tw).equals("degraded"));
                HttpResponse<String> r = tw.get("/health");
                JsonNode health = json(r);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(health.path("kafka_status").asText()).isEqualTo("NOT UP");
                assertThat(health.path("consumer").path("broker_reachable").asBoolean())
                        .isFalse();
                assertThat(tw.get("/messages").statusCode())
                        .as("the API still serves")
                        .isEqualTo(200);

                broker.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> status(tw).equals("healthy"));
                assertThat(json(tw.get("/health")).path("kafka_status").asText())
                        .isEqualTo("UP");
            }
        }
    }

    private static String status(TextWriterFixture tw) {
        return json(tw.get("/health")).path("status").asText();
    }
}
