package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.Settings;
import io.sluice.core.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The original's {@code e2e_test.sh} (docs/origins.md#embeddings-the-e2e-script), step by step, against the platform {@code sluice up} starts (embedded
 * Kafka and PostgreSQL on free ports, the text writer, and the embeddings service with the real MiniLM model): a
 * message created through the API and one produced to Kafka each get their embedding within 30 s, and a search
 * finds both. Unlike the original, the row count is exact and the cleanup really deletes (embeddings cascade).
 */
class EmbeddingsEndToEndIT {
    private static final Duration PIPELINE = Duration.ofSeconds(30);

    @TempDir
    static Path data;

    static Platform platform;
    static String writer;
    static String embeddings;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void up() {
        platform = Platform.start(
                Settings.of(Map.of(
                        "embedded.kafka.port", "0",
                        "embedded.kafka.controller_port", "0",
                        "database.port", "0",
                        "http.port", "0")),
                data);
        writer = "http://localhost:" + platform.port("text-writer");
        embeddings = "http://localhost:" + platform.port("embeddings");
    }

    @AfterAll
    static void down() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void the_original_e2e_flow_embeds_api_and_kafka_messages_and_finds_them() throws Exception {
        // 1-3: health of the text writer, the database, the embeddings service (real model, Lucene store).
        assertThat(get(writer + "/health").statusCode()).isEqualTo(200);
        assertThat(count("SELECT 1")).isEqualTo(1);
        HttpResponse<String> health = get(embeddings + "/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(json(health).path("model").path("provider").asText()).isEqualTo("minilm");
        assertThat(json(health).path("store").asText()).isEqualTo("lucene");
        // 4: both tables exist.
        assertThat(count("SELECT count(*) FROM information_schema.tables"
                        + " WHERE table_name IN ('text_messages', 'text_embeddings')"))
                .isEqualTo(2);
        // 5-6
        long initial = count("SELECT count(*) FROM text_messages");
        assertThat(post(embeddings + "/start", null).body()).containsAnyOf("started", "running");

        // 7-9: a message through the API, stored, then embedded with the same text.
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        String apiId = UUID.randomUUID().toString();
        String apiText = "Test message " + stamp;
        HttpResponse<String> created =
                post(writer + "/messages", Json.mapper().writeValueAsString(Map.of("id", apiId, "message", apiText)));
        assertThat(created.body()).contains("created");
        await().atMost(Duration.ofSeconds(2))
                .until(() -> apiText.equals(text("SELECT message FROM text_messages WHERE id = '" + apiId + "'")));
        await().atMost(PIPELINE)
                .until(() -> count("SELECT count(*) FROM text_embeddings WHERE text_content = '" + apiText + "'") == 1);

        // 10: a message through Kafka, stored, then (beyond the original) embedded too.
        String kafkaId = UUID.randomUUID().toString();
        String kafkaText = "Kafka test message " + stamp;
        Result produced = sluice(
                "kafka",
                "produce",
                "text-messages",
                Json.mapper().writeValueAsString(Map.of("id", kafkaId, "text", kafkaText)),
                "--bootstrap-servers",
                platform.settings().required("kafka.bootstrap_servers"));
        assertThat(produced.exit()).as(produced.err()).isZero();
        await().atMost(PIPELINE)
                .until(() -> count("SELECT count(*) FROM text_messages WHERE id = '" + kafkaId + "'") == 1);
        await().atMost(PIPELINE)
                .until(() ->
                        count("SELECT count(*) FROM text_embeddings WHERE text_message_id = '" + kafkaId + "'") == 1);

        // 11: search finds both (once the index has caught up: embedded comes a moment before searchable).
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<String> search =
                    post(embeddings + "/embeddings/search", "{\"query\":\"test message\",\"limit\":5}");
            assertThat(search.statusCode()).isEqualTo(200);
            JsonNode results = json(search).path("results");
            List<String> found = new ArrayList<>();
            for (JsonNode r : results) {
                found.add(r.path("text_message_id").asText());
                assertThat(r.path("distance").isNumber()).isTrue();
            }
            assertThat(found).contains(apiId, kafkaId);
            assertThat(json(search).has("note")).isFalse();
        });

        // 12: exactly two more rows.
        assertThat(count("SELECT count(*) FROM text_messages")).isEqualTo(initial + 2);

        // 13: the text writer's read API.
        assertThat(get(writer + "/messages?limit=5").body()).contains("messages");
        assertThat(get(writer + "/messages/" + apiId).body()).contains(apiText);
        assertThat(get(writer + "/stats").body()).contains("total_messages");
        JsonNode status = json(get(embeddings + "/status"));
        assertThat(status.path("backlog").asLong()).isZero();
        assertThat(status.path("processed_count").asLong()).isEqualTo(initial + 2);

        // 14: the cleanup works, and the embeddings go with the messages.
        execute("DELETE FROM text_messages WHERE id IN ('" + apiId + "', '" + kafkaId + "')");
        assertThat(count("SELECT count(*) FROM text_embeddings WHERE text_message_id IN ('" + apiId + "', '" + kafkaId
                        + "')"))
                .isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                        json(post(embeddings + "/embeddings/search", "{\"query\":\"test message\",\"limit\":5}"))
                                .path("results")
                                .findValuesAsText("text_message_id"))
                .doesNotContain(apiId, kafkaId));
    }

    /**
     * The seed's CLIs against the real service (docs/origins.md#embeddings-cli-parity-with-the-seeds-tools): {@code embeddings
     * health|stop|status|process|start|search|monitor} around a message sent with {@code kafka write}, which the
     * text writer stores and the embeddings service embeds only when told to while stopped.
     */
    @Test
    void the_seeds_cli_commands_drive_the_real_service() throws Exception {
        String kafka = platform.settings().required("kafka.bootstrap_servers");
        String text = "Seed CLI parity " + UUID.randomUUID();
        Result health = sluice("embeddings", "health", "--url", embeddings);
        assertThat(health.exit()).as(health.err()).isZero();
        assertThat(health.out()).startsWith("{\n  \"status\": \"healthy\",");
        try {
            Result stopped = sluice("embeddings", "stop", "--url", embeddings);
            assertThat(stopped.exit()).as(stopped.err()).isZero();
            assertThat(stopped.out()).contains("\"message\": \"Processor stopped\"", "\"running\": false");

            Result written = sluice("kafka", "write", "text-messages", text, "--bootstrap-servers", kafka);
            assertThat(written.exit()).as(written.err()).isZero();
            String id = written.out().replaceAll("(?s).* with ID '([0-9a-f-]{36})' .*", "$1");
            await().atMost(PIPELINE)
                    .until(() -> text.equals(text("SELECT message FROM text_messages WHERE id = '" + id + "'")));
            Result status = sluice("embeddings", "status", "--format", "json", "--url", embeddings);
            assertThat(status.out()).contains("\"running\": false");
            assertThat(Json.mapper().readTree(status.out()).path("backlog").asLong())
                    .isPositive();
            assertThat(count("SELECT count(*) FROM text_embeddings WHERE text_message_id = '" + id + "'"))
                    .isZero();

            Result processed = sluice("embeddings", "process", "--url", embeddings);
            assertThat(processed.exit()).as(processed.err()).isZero();
            assertThat(processed.out()).containsPattern("\"message\": \"Processed \\d+ messages\"");
            assertThat(count("SELECT count(*) FROM text_embeddings WHERE text_message_id = '" + id + "'"))
                    .isEqualTo(1);

            Result started = sluice("embeddings", "start", "--url", embeddings);
            assertThat(started.out()).contains("\"message\": \"Processor started\"", "\"running\": true");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sluice(
                                    "embeddings",
                                    "search",
                                    text,
                                    "--limit",
                                    "3",
                                    "--format",
                                    "json",
                                    "--url",
                                    embeddings)
                            .out())
                    .contains("\"text_message_id\": \"" + id + "\""));
            Result monitor = sluice("embeddings", "monitor", "--interval", "1", "--count", "1", "--url", embeddings);
            assertThat(monitor.exit()).as(monitor.err()).isZero();
            assertThat(monitor.out())
                    .matches("\\[[^]]+] Running: true, Last processed: .*, Model: minilm, Embedded: \\d+,"
                            + " Backlog: 0, Freshness: .* s, Rate: -/s, Failed: 0\n");
            execute("DELETE FROM text_messages WHERE id = '" + id + "'");
        } finally {
            sluice("embeddings", "start", "--url", embeddings);
        }
    }

    // --- helpers ---

    record Result(int exit, String out, String err) {}

    static Result sluice(String... args) {
        CommandLine cl = SluiceMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.mapper().readTree(r.body());
    }

    static Connection connect() throws SQLException {
        Settings s = platform.settings();
        return DriverManager.getConnection(
                "jdbc:postgresql://" + s.required("database.host") + ":" + s.required("database.port")
                        + "/text_messages_db",
                "postgres",
                "postgres");
    }

    static long count(String sql) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String text(String sql) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void execute(String sql) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
