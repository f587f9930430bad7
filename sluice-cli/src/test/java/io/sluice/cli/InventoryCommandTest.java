package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InventoryCommandTest {
    private static final String LAPTOP =
            """
            {"product_id":1,"name":"Laptop","description":"High-Performance Laptop","price":"1299.99",
             "stock_quantity":-3,"last_updated":"2026-12-04T20:00:00.123","cdc_timestamp":1796407846451,
             "oversold":true}""";

    private StubService service;

    @BeforeEach
    void start() throws IOException {
        service = new StubService();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private Cli.Result run(String... args) {
        String[] withUrl = new String[args.length + 2];
        System.arraycopy(args, 0, withUrl, 0, args.length);
        withUrl[args.length] = "--url";
        withUrl[args.length + 1] = service.url();
        return Cli.run(withUrl);
    }

    @Test
    void get_prints_the_product_and_its_stock() {
        service.on("GET", "/inventory/1", 200, LAPTOP);

        Cli.Result r = run("inventory", "get", "1");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        """
                        Product 1: Laptop
                        Description: High-Performance Laptop
                        Price: 1299.99
                        Stock: -3 (oversold)
                        Last Updated: 2026-12-04T20:00:00.123
                        CDC Timestamp: 1796407846451
                        """);
    }

    @Test
    void get_of_an_unknown_product_is_one_line_with_the_server_text() {
        service.on("GET", "/inventory/9", 404, "{\"error\":\"Product not found\"}");

        Cli.Result r = run("inventory", "get", "9");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: HTTP 404 from GET /inventory/9: Product not found\n");
    }

    @Test
    void get_rejects_an_id_that_is_not_an_integer_without_calling_the_service() {
        Cli.Result r = run("inventory", "get", "abc");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: ID must be an integer, got 'abc'\n");
        assertThat(service.requests).isEmpty();
    }

    @Test
    void low_stock_prints_a_table_lowest_first_and_passes_the_threshold() {
        service.on(
                "GET",
                "/inventory/low-stock?limit=100&threshold=60",
                200,
                "{\"threshold\":60,\"items\":[" + LAPTOP
                        + ",{\"product_id\":5,\"name\":\"Mouse\",\"price\":\"19.99\",\"stock_quantity\":10}]}");

        Cli.Result r = run("inventory", "low-stock", "--threshold", "60");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        """
                        ID         STOCK    PRICE      NAME
                        1          -3       1299.99    Laptop
                        5          10       19.99      Mouse
                        """);
    }

    @Test
    void low_stock_without_a_threshold_uses_the_services_and_says_when_none_is_low() {
        service.on("GET", "/inventory/low-stock?limit=100", 200, "{\"threshold\":10,\"items\":[]}");

        Cli.Result r = Cli.run("inventory", "--url", service.url(), "low-stock");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("No products below 10\n");
    }
}
