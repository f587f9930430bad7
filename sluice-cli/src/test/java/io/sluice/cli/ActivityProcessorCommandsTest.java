package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActivityProcessorCommandsTest {
    private static final String U1 =
            """
            {"user_id":"u 1","events":4,"events_by_type":{"click":1,"page_view":3},
             "first_seen":"2024-01-15T10:00:00Z","last_seen":"2024-01-15T11:00:00Z","sessions":2}""";
    private static final String STATS =
            """
            {"from":"2024-01-15T10:00:00Z","to":"2024-01-15T11:00:00Z","minutes":[
             {"minute":"2024-01-15T10:00:00Z","events":{"page_view":2,"purchase":1}},
             {"minute":"2024-01-15T10:01:00Z","events":{"click":1}}],
             "totals":{"click":1,"page_view":2,"purchase":1},"truncated":false}""";

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
    void user_prints_the_totals_by_type_and_sessions() {
        service.on("GET", "/activity/users/u%201", 200, U1);

        Cli.Result r = run("activity", "user", "u 1");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        """
                        User: u 1
                        Events: 4 (click 1, page_view 3)
                        First Seen: 2024-01-15T10:00:00Z
                        Last Seen: 2024-01-15T11:00:00Z
                        Sessions: 2
                        """);
    }

    @Test
    void user_unknown_is_one_line_with_the_server_text() {
        service.on("GET", "/activity/users/nobody", 404, "{\"error\":\"User not found\",\"user_id\":\"nobody\"}");

        Cli.Result r = run("activity", "user", "nobody");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: HTTP 404 from GET /activity/users/nobody: User not found\n");
    }

    @Test
    void stats_print_a_row_per_minute_and_type_and_pass_the_range() {
        service.on(
                "GET",
                "/activity/stats?from=2024-01-15T10%3A00%3A00Z&to=2024-01-15T12%3A00%3A00%2B01%3A00",
                200,
                STATS);

        Cli.Result r = run("activity", "stats", "--from", "2024-01-15T10:00:00Z", "--to", "2024-01-15T12:00:00+01:00");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        """
                        Activity from 2024-01-15T10:00:00Z to 2024-01-15T11:00:00Z
                        MINUTE                 TYPE                 EVENTS
                        2024-01-15T10:00:00Z   page_view            2
                        2024-01-15T10:00:00Z   purchase             1
                        2024-01-15T10:01:00Z   click                1
                        Totals: click 1, page_view 2, purchase 1
                        """);
    }

    @Test
    void stats_with_a_bad_time_show_the_server_error() {
        service.on(
                "GET",
                "/activity/stats?from=yesterday",
                400,
                "{\"error\":\"from must be an RFC 3339 date-time such as 2024-01-15T10:30:45Z\",\"field\":\"from\"}");

        Cli.Result r = run("activity", "stats", "--from", "yesterday");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("Error: HTTP 400 from GET /activity/stats?from=yesterday: from must be an RFC 3339"
                        + " date-time such as 2024-01-15T10:30:45Z\n");
    }
}
