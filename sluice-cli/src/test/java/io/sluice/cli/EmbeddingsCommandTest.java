package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class EmbeddingsCommandTest {
    private static final String RESULTS =
            """
            {"query":"space","results":[
              {"id":7,"text_message_id":"0b9c1a52-58a4-4b7c-9d37-6a6e1f7f3c11","text_content":"The telescope captured a galaxy.",
               "distance":0.4812345,"created_at":"2026-11-24T10:00:00Z"},
              {"id":3,"text_message_id":"5f0e0d2b-1f53-4d45-a0a7-56f9c5a1f0aa","text_content":"Rocket\\nlaunch",
               "distance":0.61,"created_at":"2026-11-24T10:00:01Z"}]}
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
    void search_prints_a_ranked_table_nearest_first() {
        service.on("POST", "/embeddings/search", 200, RESULTS);

        Cli.Result r = run("embeddings", "search", "space", "--limit", "2");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        """
                        #   DISTANCE MESSAGE ID                           TEXT
                        1   0.4812   0b9c1a52-58a4-4b7c-9d37-6a6e1f7f3c11 The telescope captured a galaxy.
                        2   0.6100   5f0e0d2b-1f53-4d45-a0a7-56f9c5a1f0aa Rocket launch
                        """);
        StubService.Request sent = service.requests.peek();
        assertThat(sent.contentType()).isEqualTo("application/json");
        assertThat(sent.body()).isEqualTo("{\"query\":\"space\",\"limit\":2}");
    }

    @Test
    void search_json_prints_the_response() {
        service.on("POST", "/embeddings/search", 200, "{\"query\":\"q\",\"results\":[]}");

        Cli.Result r = run("embeddings", "search", "q", "--format", "json");

        assertThat(r.out()).isEqualTo("{\n  \"query\": \"q\",\n  \"results\": []\n}\n");
    }

    @Test
    void search_rejects_a_limit_out_of_range_without_calling_the_service() {
        Cli.Result r = run("embeddings", "search", "q", "--limit", "101");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo(
                        "Error: --limit must be between 1 and 100, got 101 (see: sluice embeddings search --help)\n");
        assertThat(service.requests).isEmpty();
    }

    @Test
    void a_server_error_is_one_line_with_its_error_text() {
        service.on("POST", "/embeddings/search", 400, "{\"error\":\"Query text required\",\"field\":\"query\"}");

        Cli.Result r = run("embeddings", "search", "x");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: HTTP 400 from POST /embeddings/search: Query text required\n");
    }

    @Test
    void status_prints_model_store_counts_and_freshness() {
        service.on(
                "GET",
                "/status",
                200,
                """
                {"running":true,"status":"running","model_type":"minilm","model":"all-MiniLM-L6-v2","dimension":384,
                 "store":"lucene","processed_count":12,"failed_count":1,"backlog":0,
                 "last_processed_timestamp":"2026-11-24T10:00:00Z","freshness_seconds":0.0,"reindexing":false,
                 "last_error":null}""");

        Cli.Result r = run("embeddings", "status");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        """
                        Embeddings Service Status
                        ========================================
                        Running: true (running)
                        Model: minilm - all-MiniLM-L6-v2, 384 dimensions
                        Store: lucene
                        Processed: 12
                        Failed: 1
                        Backlog: 0
                        Last Processed: 2026-11-24T10:00:00Z
                        Freshness: 0.0 s
                        """);
    }

    @Test
    void reindex_posts_and_prints_the_message_and_reembed_asks_for_it() {
        service.on("POST", "/reindex", 202, "{\"message\":\"Reindex started\",\"reembed\":true}");

        Cli.Result r = run("embeddings", "reindex", "--reembed");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("Reindex started\n");
        assertThat(service.requests.peek().body()).isEqualTo("{\"reembed\":true}");
    }

    @Test
    void the_url_may_be_given_on_the_embeddings_command() {
        service.on("GET", "/status", 200, "{\"running\":false}");

        Cli.Result r = Cli.run("embeddings", "--url", service.url(), "status", "--format", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"running\": false");
    }

    @Test
    void an_unreachable_service_is_one_clear_line() {
        Cli.Result r = Cli.run("embeddings", "status", "--url", "http://127.0.0.1:1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: cannot reach http://127.0.0.1:1 (connection refused)");
    }

    @Test
    void health_prints_the_json_indented_and_exits_0_when_healthy() {
        service.on("GET", "/health", 200, "{\"status\":\"healthy\",\"service\":\"embeddings\"}");

        Cli.Result r = run("embeddings", "health");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("{\n  \"status\": \"healthy\",\n  \"service\": \"embeddings\"\n}\n");
    }

    @Test
    void health_of_an_unhealthy_service_prints_its_503_body_and_exits_1() {
        service.on("GET", "/health", 503, "{\"status\":\"unhealthy\",\"database\":{\"reachable\":false}}");

        Cli.Result r = run("embeddings", "health");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("\"status\": \"unhealthy\"", "\"reachable\": false");
        assertThat(r.err()).isEmpty();
    }

    @ParameterizedTest(name = "{0} posts to {1}")
    @CsvSource({
        "start, /start, '{\"message\":\"Processor started\",\"running\":true}'",
        "stop, /stop, '{\"message\":\"Processor stopped\",\"running\":false}'",
        "process, /process-batch, '{\"message\":\"Processed 2 messages\",\"processed_count\":2,\"failed_count\":0}'"
    })
    void start_stop_and_process_post_and_print_the_answer_indented_as_the_seed_did(
            String command, String path, String answer) throws Exception {
        service.on("POST", path, 200, answer);

        Cli.Result r = run("embeddings", command);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(Json.pretty(Json.MAPPER.readTree(answer)) + "\n");
        assertThat(r.out()).startsWith("{\n  \"message\": ");
        StubService.Request sent = service.requests.peek();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.target()).isEqualTo(path);
        assertThat(sent.body()).isEmpty();
    }

    @Test
    void process_refused_by_the_service_is_one_line() {
        service.on("POST", "/process-batch", 503, "{\"error\":\"Embedding model unavailable: loading\"}");

        Cli.Result r = run("embeddings", "process");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("Error: HTTP 503 from POST /process-batch: Embedding model unavailable: loading\n");
    }

    @Test
    void monitor_prints_a_line_per_interval_with_embedded_count_lag_and_rate() {
        AtomicInteger polls = new AtomicInteger();
        service.on(
                "GET",
                "/status",
                request -> new StubService.Reply(
                        200,
                        """
                {"running":true,"status":"running","model_type":"minilm","processed_count":%d,"failed_count":1,
                 "backlog":%d,"last_processed_timestamp":"2026-11-24T10:00:00Z","freshness_seconds":0.5}"""
                                .formatted(100 + 10 * polls.get(), 5 - polls.getAndIncrement())));
        CommandLine root = Cli.commandLine();
        monitor(root).clock = Clock.fixed(Instant.parse("2026-12-05T03:42:17.250Z"), ZoneOffset.UTC);

        Cli.Result r =
                Cli.run(root, "embeddings", "monitor", "--interval", "1", "--count", "2", "--url", service.url());

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .isEqualTo("[2026-12-05T03:42:17Z] Running: true, Last processed: 2026-11-24T10:00:00Z, Model: minilm,"
                        + " Embedded: 100, Backlog: 5, Freshness: 0.5 s, Rate: -/s, Failed: 1");
        assertThat(lines.get(1))
                .startsWith("[2026-12-05T03:42:17Z] Running: true, Last processed: 2026-11-24T10:00:00Z,"
                        + " Model: minilm, Embedded: 110, Backlog: 4, Freshness: 0.5 s, Rate: ")
                .matches(".*Rate: \\d+\\.\\d/s, Failed: 1")
                .doesNotContain("Rate: 0.0/s");
        assertThat(service.requests).hasSize(2);
    }

    @Test
    void monitor_goes_on_after_a_failed_request_but_not_after_a_failed_first_one() {
        AtomicInteger polls = new AtomicInteger();
        service.on(
                "GET",
                "/status",
                request -> polls.getAndIncrement() == 1
                        ? new StubService.Reply(500, "{\"error\":\"boom\"}")
                        : new StubService.Reply(200, "{\"running\":false,\"processed_count\":3}"));

        Cli.Result r = run("embeddings", "monitor", "--interval", "1", "--count", "3");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(2).allMatch(line -> line.contains("Running: false"));
        assertThat(r.err()).matches("\\[[^]]+] Error: HTTP 500 from GET /status: boom\n");

        Cli.Result down = Cli.run("embeddings", "monitor", "--url", "http://127.0.0.1:1");
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.err())
                .startsWith("Error: cannot reach http://127.0.0.1:1 (connection refused)")
                .hasLineCount(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            monitor --interval 0   | --interval must be at least 1 second, got 0 (see: sluice embeddings monitor --help)
            monitor --count 0      | --count must be at least 1, got 0 (see: sluice embeddings monitor --help)
            monitor --interval x   | Invalid value for option '--interval': 'x' is not an int (see: sluice embeddings monitor --help)
            search                 | Missing required parameter: 'QUERY' (see: sluice embeddings search --help)
            search q --limit 0     | --limit must be between 1 and 100, got 0 (see: sluice embeddings search --help)
            start now              | Unmatched argument at index 2: 'now' (see: sluice embeddings start --help)
            """)
    void a_bad_argument_is_one_line_and_exit_code_2(String args, String error) {
        Cli.Result r = Cli.run(("embeddings " + args).split("\\s+"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("Error: " + error + "\n");
        assertThat(service.requests).isEmpty();
    }

    private static EmbeddingsMonitorCommand monitor(CommandLine root) {
        return root.getSubcommands()
                .get("embeddings")
                .getSubcommands()
                .get("monitor")
                .getCommand();
    }
}
