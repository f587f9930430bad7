package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TextWriterCommandsTest {

    private static final String RULE = "-".repeat(80);
    private static final String PAGE =
            """
            {"messages":[
              {"id":"m-2","message":"second","source":"api","source_id":null,
               "created_at":"2025-10-08T14:12:38Z","processed_at":"2025-10-08T14:12:39Z"},
              {"id":"m-1","message":"first","source":"kafka","source_id":"text-messages-0@7",
               "created_at":"2025-10-08T14:10:00Z","processed_at":"2025-10-08T14:10:01Z"}],
             "total":12,"limit":2,"offset":4}
            """;

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
    void list_table_shows_the_range_header_and_each_message_between_rules() {
        service.on("GET", "/messages?limit=2&offset=4", 200, PAGE);

        Cli.Result result = run("list", "-l", "2", "-o", "4");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .isEqualTo(
                        """
                        Messages 5-6 of 12
                        %1$s
                        ID: m-2
                        Message: second
                        Created: 2025-10-08T14:12:38Z
                        Processed: 2025-10-08T14:12:39Z
                        %1$s
                        ID: m-1
                        Message: first
                        Created: 2025-10-08T14:10:00Z
                        Processed: 2025-10-08T14:10:01Z
                        %1$s
                        """
                                .formatted(RULE));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void list_table_cuts_a_message_after_100_characters() {
        String text = "x".repeat(100) + "tail";
        service.on(
                "GET",
                "/messages?limit=10&offset=0",
                200,
                """
                {"messages":[{"id":"m","message":"%s"}],"total":1,"limit":10,"offset":0}
                """
                        .formatted(text));

        Cli.Result result = run("list");

        assertThat(result.out()).contains("Message: " + "x".repeat(100) + "...\n");
        assertThat(result.out()).contains("Messages 1-1 of 1\n");
    }

    @Test
    void list_of_an_empty_page_says_so_instead_of_a_backwards_range() {
        service.on(
                "GET",
                "/messages?limit=10&offset=0",
                200,
                """
                {"messages":[],"total":0,"limit":10,"offset":0}""");

        Cli.Result result = run("list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("No messages at offset 0 (total 0)\n");
    }

    @Test
    void list_json_prints_the_response_with_two_space_indent() {
        service.on(
                "GET",
                "/messages?limit=10&offset=0",
                200,
                """
                {"messages":[{"id":"m","tags":[]}],"total":1,"limit":10,"offset":0,"extra":{}}""");

        Cli.Result result = run("list", "--format", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .isEqualTo(
                        """
                        {
                          "messages": [
                            {
                              "id": "m",
                              "tags": []
                            }
                          ],
                          "total": 1,
                          "limit": 10,
                          "offset": 0,
                          "extra": {}
                        }
                        """);
    }

    @Test
    void list_rejects_a_negative_offset_without_calling_the_service() {
        Cli.Result result = run("list", "--offset", "-1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("Error: --offset must not be negative, got -1\n");
        assertThat(service.requests).isEmpty();
    }

    @Test
    void get_pretty_prints_id_message_source_and_times() {
        service.on(
                "GET",
                "/messages/m-1",
                200,
                """
                {"id":"m-1","message":"hello","source":"api","source_id":null,
                 "created_at":"2025-10-08T14:10:00Z","processed_at":"2025-10-08T14:10:01Z"}""");

        Cli.Result result = run("get", "m-1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .isEqualTo(
                        """
                        ID: m-1
                        Message: hello
                        Source: api
                        Created: 2025-10-08T14:10:00Z
                        Processed: 2025-10-08T14:10:01Z
                        """);
    }

    @Test
    void get_of_an_unknown_id_prints_the_error_field_in_one_line_and_exits_1() {
        service.on("GET", "/messages/abc", 404, """
                {"error":"Message not found"}""");

        Cli.Result result = run("get", "abc");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("Error: HTTP 404 from GET /messages/abc: Message not found\n");
    }

    @Test
    void get_url_encodes_the_id() {
        service.on("GET", "/messages/a%20b%2Fc", 200, """
                {"id":"a b/c","message":"odd"}""");

        Cli.Result result = run("get", "a b/c", "--format", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("{\n  \"id\": \"a b/c\",\n  \"message\": \"odd\"\n}\n");
    }

    @Test
    void an_error_without_a_json_body_names_the_status_and_the_request() {
        Cli.Result result = run("stats");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("Error: HTTP 404 from GET /stats\n");
    }

    @Test
    void create_posts_the_text_and_id_as_json_and_prints_the_new_message() {
        service.on(
                "POST",
                "/messages",
                201,
                """
                {"id":"6f1c2a4e-0000-4000-8000-000000000001","message":"Hello \\"World\\"","status":"created"}""");

        Cli.Result result = run("create", "Hello \"World\"", "--id", "6f1c2a4e-0000-4000-8000-000000000001");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .isEqualTo(
                        """
                        Message created successfully!
                        ID: 6f1c2a4e-0000-4000-8000-000000000001
                        Message: Hello "World"
                        """);
        StubService.Request request = service.requests.peek();
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.body())
                .isEqualTo("{\"message\":\"Hello \\\"World\\\"\",\"id\":\"6f1c2a4e-0000-4000-8000-000000000001\"}");
    }

    @Test
    void create_without_an_id_sends_only_the_message() {
        service.on(
                "POST", "/messages", 201, """
                {"id":"generated","message":"hi","status":"created"}""");

        Cli.Result result = run("create", "hi");

        assertThat(result.exitCode()).isZero();
        assertThat(service.requests.peek().body()).isEqualTo("{\"message\":\"hi\"}");
    }

    @Test
    void create_of_an_existing_id_says_it_already_exists_and_exits_0() {
        service.on(
                "POST", "/messages", 200, """
                {"id":"m-1","message":"old text","status":"exists"}""");

        Cli.Result result = run("create", "new text", "--id", "m-1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Message already exists.\nID: m-1\n");
    }

    @Test
    void create_rejected_by_the_service_prints_its_error_text() {
        service.on("POST", "/messages", 400, """
                {"error":"id must be a UUID"}""");

        Cli.Result result = run("create", "hi", "--id", "nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("Error: HTTP 400 from POST /messages: id must be a UUID\n");
    }

    @Test
    void stats_pretty_prints_the_counts_and_the_message_times() {
        service.on(
                "GET",
                "/stats",
                200,
                """
                {"total_messages":42,"recent_messages_1h":3,"oldest_message":"2025-10-01T08:00:00Z",
                 "newest_message":"2025-10-08T14:12:39Z","kafka_consumer_running":true}""");

        Cli.Result result = run("stats");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .isEqualTo(
                        """
                        Text Writer Service Statistics
                        ========================================
                        Total Messages: 42
                        Recent Messages (1h): 3
                        Kafka Consumer Running: true
                        Oldest Message: 2025-10-01T08:00:00Z
                        Newest Message: 2025-10-08T14:12:39Z
                        """);
    }

    @Test
    void stats_of_an_empty_store_leaves_out_the_message_times() {
        service.on(
                "GET",
                "/stats",
                200,
                """
                {"total_messages":0,"recent_messages_1h":0,"oldest_message":null,
                 "newest_message":null,"kafka_consumer_running":false}""");

        Cli.Result result = run("stats");

        assertThat(result.out())
                .endsWith("Kafka Consumer Running: false\n")
                .doesNotContain("Oldest")
                .doesNotContain("Newest");
    }

    @Test
    void health_prints_the_body_and_exits_0_when_healthy() {
        service.on(
                "GET",
                "/health",
                200,
                """
                {"status":"healthy","service":"text-writer-service","version":"1.0.0","kafka_consumer_running":true}""");

        Cli.Result result = run("health");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .isEqualTo(
                        """
                        {
                          "status": "healthy",
                          "service": "text-writer-service",
                          "version": "1.0.0",
                          "kafka_consumer_running": true
                        }
                        """);
    }

    @Test
    void health_prints_a_503_body_and_exits_1() {
        service.on("GET", "/health", 503, """
                {"status":"unhealthy","kafka_consumer_running":false}""");

        Cli.Result result = run("health");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("\"status\": \"unhealthy\"");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void health_exits_1_when_degraded_even_with_status_200() {
        service.on("GET", "/health", 200, """
                {"status":"degraded"}""");

        assertThat(run("health").exitCode()).isEqualTo(1);
    }

    @Test
    void a_refused_connection_prints_one_line_pointing_to_sluice_up_and_exits_1() throws IOException {
        String url = "http://127.0.0.1:" + freePort();

        Cli.Result result = Cli.run("list", "--url", url);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .isEqualTo("Error: cannot reach " + url
                        + " (connection refused) — is the service running? Try ./sluice up\n");
    }

    @Test
    void url_may_be_given_before_the_subcommand_and_loses_its_trailing_slash() {
        service.on("GET", "/stats", 200, """
                {"total_messages":1}""");

        Cli.Result result = Cli.run("--url", service.url() + "/", "stats", "--format", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("{\n  \"total_messages\": 1\n}\n");
        assertThat(service.requests).extracting(StubService.Request::target).containsExactly("/stats");
    }

    @Test
    void url_on_the_subcommand_wins_over_the_one_before_it() throws IOException {
        service.on("GET", "/stats", 200, """
                {"total_messages":1}""");

        Cli.Result result =
                Cli.run("--url", "http://127.0.0.1:" + freePort(), "stats", "--format", "json", "--url", service.url());

        assertThat(result.exitCode()).isZero();
    }

    @Test
    void url_without_a_scheme_is_rejected_in_one_line() {
        Cli.Result result = Cli.run("health", "--url", "localhost:5001");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("Error: --url must start with http:// or https://, got 'localhost:5001'\n");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
