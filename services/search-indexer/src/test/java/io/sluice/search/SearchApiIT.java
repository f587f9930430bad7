package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.DebeziumFixtures;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The search API over the captured products (see {@link SearchKafkaIT}) and 30 generated gadgets: bodies, ranking,
 * paging, and every caller mistake with its exact status and body.
 */
@ExtendWith({KafkaBroker.class, Postgres.class})
class SearchApiIT {
    private static final int GADGETS = 30;
    private static SearchFixture s;

    @BeforeAll
    static void start() {
        s = SearchFixture.start(Map.of());
        s.produce(DebeziumFixtures.load("flattened"));
        for (int i = 1; i <= GADGETS; i++) {
            // 100 + i: every third one is a "Wireless Gadget" at 19.99 and out of stock, the others 5.00..34.00
            boolean wireless = i % 3 == 0;
            s.produce(
                    "{\"id\":" + (100 + i) + "}",
                    SearchFixture.event(
                            100 + i,
                            900_000_000L + i,
                            (wireless ? "Wireless Gadget " : "Gadget ") + i,
                            "gizmo",
                            wireless ? "19.99" : (4 + i) + ".00",
                            wireless ? 0 : i));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> s.consumed() == 8 + GADGETS);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void a_search_answers_the_query_ranked_results_and_a_cursor() {
        HttpResponse<String> r = s.get("/products/search?q=Wireless+mouse&limit=2");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = TestHttp.json(r);
        assertThat(fields(body)).containsExactly("query", "results", "next_cursor");
        assertThat(body.get("query").asText()).isEqualTo("Wireless mouse");
        JsonNode first = body.get("results").get(0);
        assertThat(fields(first))
                .containsExactly(
                        "product_id", "name", "description", "price", "price_display", "stock_quantity", "score");
        assertThat(first.get("product_id").asLong()).isEqualTo(2);
        assertThat(first.get("score").asDouble()).isEqualTo(1.0);
        assertThat(r.body())
                .contains("\"price\":24.99,\"price_display\":\"$24.99\",\"stock_quantity\":150,\"score\":1.0");
        JsonNode second = body.get("results").get(1);
        assertThat(second.get("product_id").asLong()).isEqualTo(103);
        assertThat(second.get("score").asDouble()).isEqualTo(0.5);
        assertThat(body.get("next_cursor").asText()).isEqualTo(new SearchCursor(1, 103).encode());
    }

    @Test
    void a_product_is_the_seed_item_with_the_price_in_units_and_cents() {
        HttpResponse<String> r = s.get("/products/4");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode p = TestHttp.json(r);
        assertThat(fields(p))
                .containsExactly(
                        "product_id",
                        "name",
                        "name_lower",
                        "description",
                        "price",
                        "price_cents",
                        "price_display",
                        "stock_quantity",
                        "search_tokens",
                        "indexed_at",
                        "cdc_timestamp");
        assertThat(r.body()).contains("\"price\":0.29,\"price_cents\":29,\"price_display\":\"$0.29\"");
        assertThat(p.get("description").isNull()).isTrue();
        assertThat(p.get("name_lower").asText()).isEqualTo("sticker");
        assertThat(p.get("search_tokens").toString()).isEqualTo("[\"sticker\"]");
        assertThat(s.get("/products/101").body()).contains("\"price\":5.00,");
    }

    @Test
    void an_unknown_or_deleted_product_is_404_and_a_bad_id_400() {
        for (String id : List.of("999", "3")) {
            HttpResponse<String> r = s.get("/products/" + id);
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo("{\"error\":\"Product not found\"}");
        }
        HttpResponse<String> r = s.get("/products/abc");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body())
                .isEqualTo("{\"error\":\"product_id must be an integer\",\"field\":\"product_id\",\"value\":\"abc\"}");
    }

    @Test
    void the_last_word_is_a_prefix_for_typeahead() {
        assertThat(ids("/products/search?q=wirel")).startsWith(2L, 103L).hasSize(1 + GADGETS / 3);
        assertThat(ids("/products/search?q=gadget+wi&limit=100"))
                .as("all gadgets, the wireless ones (both words) first")
                .hasSize(GADGETS + 1)
                .startsWith(103L, 106L, 109L);
        assertThat(ids("/products/search?q=wi+gadget&limit=100"))
                .as("wi is not a prefix when it is not last")
                .hasSize(GADGETS)
                .startsWith(101L, 102L, 103L);
    }

    @Test
    void price_ranges_in_currency_units_include_their_bounds_and_in_stock_filters() {
        assertThat(ids("/products/search?q=gadget&min_price=19.99&max_price=19.99&limit=100"))
                .containsExactly(103L, 106L, 109L, 112L, 115L, 118L, 121L, 124L, 127L, 130L);
        assertThat(ids("/products/search?q=gadget&min_price=19.99&max_price=20&limit=100"))
                .containsExactly(103L, 106L, 109L, 112L, 115L, 116L, 118L, 121L, 124L, 127L, 130L);
        assertThat(ids("/products/search?q=gadget&max_price=19.99&in_stock=true&limit=100"))
                .containsExactly(101L, 102L, 104L, 105L, 107L, 108L, 110L, 111L, 113L, 114L);
        assertThat(ids("/products/search?q=mouse&max_price=24.98")).isEmpty();
        assertThat(ids("/products/search?q=mouse&min_price=24.99&in_stock=false"))
                .containsExactly(2L);
    }

    @Test
    void pages_walk_every_result_once_and_the_last_page_has_no_cursor() {
        List<Long> all = ids("/products/search?q=wireless+gizmo&limit=100");
        assertThat(all).hasSize(GADGETS + 1);

        List<Long> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode body = TestHttp.json(
                    s.get("/products/search?q=wireless+gizmo&limit=7" + (cursor == null ? "" : "&cursor=" + cursor)));
            body.get("results").forEach(n -> walked.add(n.get("product_id").asLong()));
            cursor = body.get("next_cursor").isNull()
                    ? null
                    : body.get("next_cursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(walked).isEqualTo(all);
        assertThat(pages).isEqualTo(5);
        assertThat(TestHttp.json(s.get("/products/search?q=pen"))
                        .get("next_cursor")
                        .isNull())
                .isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "``                                 | {\"error\":\"q is required\",\"field\":\"q\"}",
                "q=                                 | {\"error\":\"q is required\",\"field\":\"q\"}",
                "q=%20%20                           | {\"error\":\"q is required\",\"field\":\"q\"}",
                "q=---                              | {\"error\":\"q must contain at least one letter or digit\",\"field\":\"q\",\"value\":\"---\"}",
                "q=mouse&min_price=abc              | {\"error\":\"min_price must be a number of at least 0 with at most two decimals\",\"field\":\"min_price\",\"value\":\"abc\"}",
                "q=mouse&min_price=1.999            | {\"error\":\"min_price must be a number of at least 0 with at most two decimals\",\"field\":\"min_price\",\"value\":\"1.999\"}",
                "q=mouse&min_price=-1               | {\"error\":\"min_price must be a number of at least 0 with at most two decimals\",\"field\":\"min_price\",\"value\":\"-1\"}",
                "q=mouse&max_price=ten              | {\"error\":\"max_price must be a number of at least 0 with at most two decimals\",\"field\":\"max_price\",\"value\":\"ten\"}",
                "q=mouse&max_price=0.001            | {\"error\":\"max_price must be a number of at least 0 with at most two decimals\",\"field\":\"max_price\",\"value\":\"0.001\"}",
                "q=mouse&max_price=-0.01            | {\"error\":\"max_price must be a number of at least 0 with at most two decimals\",\"field\":\"max_price\",\"value\":\"-0.01\"}",
                "q=mouse&min_price=50&max_price=10  | {\"error\":\"min_price must not be greater than max_price\",\"field\":\"min_price\",\"value\":\"50\"}",
                "q=mouse&in_stock=yes               | {\"error\":\"in_stock must be true or false\",\"field\":\"in_stock\",\"value\":\"yes\"}",
                "q=mouse&in_stock=1                 | {\"error\":\"in_stock must be true or false\",\"field\":\"in_stock\",\"value\":\"1\"}",
                "q=mouse&limit=0                    | {\"error\":\"limit must be an integer between 1 and 100\",\"field\":\"limit\",\"value\":\"0\"}",
                "q=mouse&limit=101                  | {\"error\":\"limit must be an integer between 1 and 100\",\"field\":\"limit\",\"value\":\"101\"}",
                "q=mouse&limit=ten                  | {\"error\":\"limit must be an integer between 1 and 100\",\"field\":\"limit\",\"value\":\"ten\"}",
                "q=mouse&limit=1.5                  | {\"error\":\"limit must be an integer between 1 and 100\",\"field\":\"limit\",\"value\":\"1.5\"}",
                "q=mouse&cursor=abc                 | {\"error\":\"cursor must be a next_cursor value from a previous page\",\"field\":\"cursor\",\"value\":\"abc\"}",
            })
    void every_bad_parameter_is_400_naming_it(String query, String body) {
        HttpResponse<String> r = s.get("/products/search" + (query.isEmpty() ? "" : "?" + query));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo(body);
    }

    @Test
    void a_query_of_more_than_32_words_is_400() {
        HttpResponse<String> r = s.get("/products/search?q=" + words(33));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(r).get("error").asText()).isEqualTo("q must have at most 32 words");
        assertThat(TestHttp.json(r).get("field").asText()).isEqualTo("q");
        assertThat(s.get("/products/search?q=" + words(32)).statusCode()).isEqualTo(200);
    }

    @Test
    void health_and_metrics_answer() {
        assertThat(s.get("/health").statusCode()).isEqualTo(200);
        assertThat(s.get("/ready").statusCode()).isEqualTo(200);
        assertThat(s.get("/live").statusCode()).isEqualTo(200);
        s.get("/products/search?q=pen");
        String metrics = s.get("/metrics").body();
        assertThat(metrics)
                .contains("sluice_search_versions_indexed_total{service=\"search-indexer\"}")
                .contains("sluice_search_versions_deleted_total{service=\"search-indexer\"} 1.0")
                .contains("sluice_search_latency_seconds_count{service=\"search-indexer\"}");
    }

    private static String words(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : "+").append("w").append(i);
        }
        return b.toString();
    }

    private static List<Long> ids(String path) {
        HttpResponse<String> r = s.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return StreamSupport.stream(TestHttp.json(r).get("results").spliterator(), false)
                .map(n -> n.get("product_id").asLong())
                .toList();
    }

    private static List<String> fields(JsonNode node) {
        return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false)
                .toList();
    }
}
