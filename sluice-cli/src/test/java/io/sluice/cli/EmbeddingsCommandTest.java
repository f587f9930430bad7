package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
}
