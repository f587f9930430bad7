package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnalyticsCommandTest {
    private static final String SUMMARY =
            """
            {"report_type":"summary","generated_at":"2026-12-04T23:15:00.123000",
             "metrics":{"total_orders":2,"total_revenue":1360.07,"unique_customers":2,"unique_products_sold":2,
             "order_status_breakdown":{"pending":1,"shipped":1}}}""";

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
    void summary_prints_the_live_figures() {
        service.on("GET", "/analytics/summary", 200, SUMMARY);

        Cli.Result r = run("analytics", "summary");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        """
                        Sales Summary
                        ========================================
                        Total Orders: 2
                        Total Revenue: 1360.07
                        Unique Customers: 2
                        Unique Products Sold: 2
                        Orders by Status:
                          pending: 1
                          shipped: 1
                        """);
    }

    @Test
    void flush_posts_and_lists_the_keys_written() {
        service.on("POST", "/analytics/flush", 200, "{\"written\":[\"analytics/summary/20261204_231500.json\"]}");

        Cli.Result r = run("analytics", "flush");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Wrote 1 report objects:\n  analytics/summary/20261204_231500.json\n");
        assertThat(service.requests).extracting(StubService.Request::method).containsExactly("POST");
    }

    @Test
    void reports_lists_the_stored_reports_of_a_type() {
        service.on(
                "GET",
                "/analytics/reports?limit=100&type=summary",
                200,
                "{\"bucket\":\"sluice-data-lake\",\"reports\":[{\"key\":\"analytics/summary/20261204_231500.json\","
                        + "\"size\":210,\"last_modified\":\"2026-12-04T23:15:00Z\"}]}");

        Cli.Result r = run("analytics", "reports", "--type", "summary");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("analytics/summary/20261204_231500.json").contains("210");
    }

    @Test
    void a_flush_refused_by_the_service_is_one_line_with_its_error() {
        service.on("POST", "/analytics/flush", 503, "{\"error\":\"Analytics state unavailable, try again later\"}");

        Cli.Result r = run("analytics", "flush");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Analytics state unavailable, try again later");
    }
}
