package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProductsCommandTest {
    private static final String MOUSE =
            """
            {"product_id":2,"name":"Wireless Mouse","name_lower":"wireless mouse",
             "description":"High-Performance Wireless Mouse","price":24.99,"price_cents":2499,
             "price_display":"$24.99","stock_quantity":150,"search_tokens":["wireless","mouse","high","performance"],
             "indexed_at":"2026-12-04T20:00:00.123","cdc_timestamp":1796407847603769}""";

    private StubService service;

    @BeforeEach
    void start() throws IOException {
        service = new StubService();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void search_prints_a_ranked_table_and_the_next_cursor_and_passes_the_filters() {
        service.on(
                "GET",
                "/products/search?q=wireless+mouse&max_price=50&in_stock=true&limit=2",
                200,
                """
                {"query":"wireless mouse","results":[
                 {"product_id":2,"name":"Wireless Mouse","description":null,"price":24.99,"price_display":"$24.99",
                  "stock_quantity":150,"score":1.0},
                 {"product_id":7,"name":"Wireless Pad","description":null,"price":5.00,"price_display":"$5.00",
                  "stock_quantity":3,"score":0.5}],
                 "next_cursor":"MTo3"}""");

        Cli.Result r = Cli.run(
                "products",
                "search",
                "wireless mouse",
                "--max-price",
                "50",
                "--in-stock",
                "--limit",
                "2",
                "--url",
                service.url());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        """
                        ID         PRICE        STOCK    SCORE  NAME
                        2          $24.99       150      1.00   Wireless Mouse
                        7          $5.00        3        0.50   Wireless Pad
                        More: --cursor MTo3
                        """);
    }

    @Test
    void search_joins_several_words_and_says_when_nothing_matches() {
        service.on(
                "GET",
                "/products/search?q=no+such+thing",
                200,
                "{\"query\":\"no such thing\",\"results\":[]," + "\"next_cursor\":null}");

        Cli.Result r = Cli.run("products", "--url", service.url(), "search", "no", "such", "thing");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("No products match 'no such thing'\n");
    }

    @Test
    void a_bad_filter_is_one_line_with_the_servers_text() {
        service.on(
                "GET",
                "/products/search?q=mouse&min_price=abc",
                400,
                "{\"error\":\"min_price must be a number of at least 0 with at most two decimals\","
                        + "\"field\":\"min_price\",\"value\":\"abc\"}");

        Cli.Result r = Cli.run("products", "search", "mouse", "--min-price", "abc", "--url", service.url());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("Error: HTTP 400 from GET /products/search?q=mouse&min_price=abc: min_price must be a number"
                        + " of at least 0 with at most two decimals\n");
    }

    @Test
    void get_prints_the_indexed_product() {
        service.on("GET", "/products/2", 200, MOUSE);

        Cli.Result r = Cli.run("products", "get", "2", "--url", service.url());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        """
                        Product 2: Wireless Mouse
                        Description: High-Performance Wireless Mouse
                        Price: $24.99 (2499 cents)
                        Stock: 150
                        Search Tokens: wireless, mouse, high, performance
                        Indexed At: 2026-12-04T20:00:00.123
                        CDC Timestamp: 1796407847603769
                        """);
    }

    @Test
    void get_of_an_unknown_product_is_one_line_and_a_bad_id_never_calls_the_service() {
        service.on("GET", "/products/9", 404, "{\"error\":\"Product not found\"}");

        Cli.Result r = Cli.run("products", "get", "9", "--url", service.url());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: HTTP 404 from GET /products/9: Product not found\n");

        Cli.Result bad = Cli.run("products", "get", "abc", "--url", service.url());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("Error: ID must be an integer, got 'abc'\n");
        assertThat(service.requests).hasSize(1);
    }
}
