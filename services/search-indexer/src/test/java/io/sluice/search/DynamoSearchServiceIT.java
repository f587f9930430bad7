package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.config.Settings;
import io.sluice.core.json.Json;
import io.sluice.http.Metrics;
import io.sluice.testkit.DebeziumFixtures;
import io.sluice.testkit.Dynalite;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service with {@code services.search-indexer.store=dynamodb} (on dynalite) beside one on PostgreSQL, both
 * reading the same captured Debezium run from one topic in groups of their own: every product and every search answer
 * the same, byte for byte (but {@code indexed_at}), and the health names the store.
 */
@ExtendWith({KafkaBroker.class, Postgres.class, Dynalite.class})
class DynamoSearchServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The captured products topic: seven changes and a tombstone. */
    private static final int PRODUCT_RECORDS = 8;

    private static final List<String> SEARCHES = List.of(
            "q=high%20performance",
            "q=wire",
            "q=wireless%20mouse&max_price=25",
            "q=laptop&min_price=1000&in_stock=true",
            "q=pen",
            "q=27%20inch%204k%20monitor",
            "q=sticker",
            "q=high&limit=1",
            "q=m");

    @Test
    void the_dynamodb_store_answers_every_search_and_lookup_as_the_postgresql_store() throws Exception {
        try (SearchFixture postgres = SearchFixture.start(Map.of());
                SearchService dynamo = startOnDynamo(postgres.topic)) {
            TestHttp onDynamo = new TestHttp("http://localhost:" + dynamo.httpPort());
            postgres.produce(DebeziumFixtures.load("full"));
            await().atMost(WAIT)
                    .until(() -> postgres.consumed() == PRODUCT_RECORDS && consumed(dynamo) == PRODUCT_RECORDS);

            for (String search : SEARCHES) {
                String path = "/products/search?" + search;
                assertThat(onDynamo.get(path).body())
                        .as(path)
                        .isEqualTo(postgres.get(path).body());
            }
            String cursor = TestHttp.json(onDynamo.get("/products/search?q=high&limit=1"))
                    .get("next_cursor")
                    .asText();
            String next = "/products/search?q=high&limit=1&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
            assertThat(onDynamo.get(next).body()).isEqualTo(postgres.get(next).body());
            for (long id = 1; id <= 6; id++) {
                String path = "/products/" + id;
                assertThat(onDynamo.get(path).statusCode())
                        .as(path)
                        .isEqualTo(postgres.get(path).statusCode());
                assertThat(withoutIndexedAt(onDynamo.get(path).body()))
                        .as(path)
                        .isEqualTo(withoutIndexedAt(postgres.get(path).body()));
            }
            assertThat(TestHttp.json(onDynamo.get("/products/2"))
                            .get("price_cents")
                            .asLong())
                    .isEqualTo(2499);
            assertThat(TestHttp.json(onDynamo.get("/health")).toString()).contains("dynamodb");
            assertThat(dynamo.consumerState().recordsFailed()).isZero();
        }
    }

    private static SearchService startOnDynamo(String topic) {
        Map<String, String> s = new HashMap<>(Dynalite.settings());
        s.put("kafka.bootstrap_servers", KafkaBroker.bootstrapServers());
        s.put("services.search-indexer.kafka.topic", topic);
        s.put("services.search-indexer.kafka.group_id", "search-dynamo-" + System.nanoTime());
        s.put("services.search-indexer.kafka.partitions", "1");
        s.put("services.search-indexer.http.port", "0");
        s.put("http.host", "127.0.0.1");
        s.put("services.search-indexer.batch.linger_ms", "0");
        s.put("services.search-indexer.store", "dynamodb");
        s.put(
                "services.search-indexer.dynamodb.table",
                "search-" + UUID.randomUUID().toString().substring(0, 8));
        Settings settings = Settings.of(s);
        return SearchService.start(
                SearchConfig.from(settings),
                io.sluice.aws.AwsConfig.forService(settings, SearchConfig.PREFIX),
                Metrics.prometheus());
    }

    private static long consumed(SearchService service) {
        var s = service.consumerState();
        return s.recordsWritten() + s.recordsFailed() + s.recordsSkipped();
    }

    private static String withoutIndexedAt(String body) throws Exception {
        JsonNode json = Json.mapper().readTree(body);
        if (json instanceof ObjectNode o) {
            o.remove("indexed_at");
        }
        return json.toString();
    }
}
