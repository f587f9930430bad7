package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.embedded.EmbeddedPostgres;
import io.sluice.testkit.DebeziumFixtures;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops mid-stream and comes back: the API answers 503, the loop pauses, and afterwards every version is
 * indexed once and nothing reached the dead-letter topic.
 */
@ExtendWith({KafkaBroker.class, Postgres.class})
class SearchFaultIT {
    private static final int PRODUCTS = 200;

    @TempDir
    Path dir;

    @Test
    void a_postgres_outage_mid_stream_answers_503_then_catches_up_and_sends_nothing_to_the_dlq() {
        try (EmbeddedPostgres pg = Postgres.dedicated(dir.resolve("pg"))) {
            pg.start();
            pg.ensureDatabase("search_outage");
            TestDatabase db = TestDatabase.on(pg, "search_outage");
            try (SearchFixture s = SearchFixture.start(KafkaBroker.freshTopic("products", 1), "outage", db, Map.of())) {
                s.produce(DebeziumFixtures.load("flattened"));
                await().atMost(Duration.ofSeconds(60)).until(() -> s.consumed() == 8);

                pg.stop();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> s.get("/health").statusCode() == 503);
                HttpResponse<String> r = s.get("/products/search?q=mouse");
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.body()).isEqualTo("{\"error\":\"Database unavailable, try again later\"}");
                assertThat(s.get("/products/1").statusCode()).isEqualTo(503);
                assertThat(s.get("/live").statusCode()).isEqualTo(200);
                for (int i = 1; i <= PRODUCTS; i++) {
                    s.produce(
                            "{\"id\":" + (1000 + i) + "}",
                            SearchFixture.event(1000 + i, 900_000_000L + i, "Outage Widget " + i, null, "1.99", 1));
                }
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> s.service.consumerState().status().name().equals("DEGRADED"));

                pg.start();
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> s.get("/products/" + (1000 + PRODUCTS)).statusCode() == 200);
                assertThat(SearchKafkaIT.ids(s, "outage widget"))
                        .as("limit 100")
                        .hasSize(100);
                assertThat(db.count("SELECT count(*) FROM search_products WHERE product_id > 1000"))
                        .isEqualTo(PRODUCTS);
                assertThat(db.count("SELECT count(*) FROM search_postings WHERE token = 'widget'"))
                        .isEqualTo(PRODUCTS);
                assertThat(s.service.consumerState().recordsFailed()).isZero();
                assertThat(KafkaBroker.consumeAll(DeadLetterPublisher.topicFor(s.topic), Duration.ofSeconds(3), 1))
                        .isEmpty();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> s.get("/health").statusCode() == 200);
            }
        }
    }
}
