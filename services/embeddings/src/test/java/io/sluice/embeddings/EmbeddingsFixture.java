package io.sluice.embeddings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.Settings;
import io.sluice.core.json.Json;
import io.sluice.db.Database;
import io.sluice.db.DatabaseConfig;
import io.sluice.http.Metrics;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An embeddings service running in-process against a database that has the text writer's real schema, on a free
 * HTTP port, with its Lucene index in a temp directory; plus helpers to write messages as the text writer does and
 * a small HTTP client. Close it at the end of the test.
 */
final class EmbeddingsFixture implements AutoCloseable {
    final TestDatabase db;
    final Path indexDir;
    final Map<String, String> settings;
    EmbeddingsService service;
    String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private EmbeddingsFixture(TestDatabase db, Path indexDir, Map<String, String> settings) {
        this.db = db;
        this.indexDir = indexDir;
        this.settings = settings;
    }

    /** A fresh embedded database with {@code text_messages}, and the service with the mock model. */
    static EmbeddingsFixture start(Map<String, String> extra) {
        TestDatabase db = Postgres.freshDatabase("embeddings");
        createTextMessages(db);
        return start(db, extra);
    }

    static EmbeddingsFixture start(TestDatabase db, Map<String, String> extra) {
        Path dir;
        try {
            dir = Files.createTempDirectory("embeddings-index-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> s = settings(db, dir);
        s.putAll(extra);
        EmbeddingsFixture f = new EmbeddingsFixture(db, dir, s);
        f.restart();
        return f;
    }

    static Map<String, String> settings(TestDatabase db, Path indexDir) {
        Map<String, String> s = new HashMap<>();
        s.putAll(db.settings());
        s.put("database.connection_pool_size", "4");
        s.put("embeddings.http.port", "0");
        s.put("http.host", "127.0.0.1");
        s.put("embedding.provider", "mock");
        s.put("embedding.lucene.directory", indexDir.toString());
        s.put("embedding.retry.max_backoff_ms", "1000");
        return s;
    }

    /**
     * {@code text_messages} as the text writer creates it, from sluice-testkit's verbatim copy of its migrations (ADR
     * 0009): the same history table and checksums, so the database looks as if the text writer had started on it.
     */
    static void createTextMessages(TestDatabase db) {
        DatabaseConfig config = DatabaseConfig.from(Settings.of(db.settings()));
        try (Database d = Database.connect(config, "fixture", Metrics.prometheus(), Duration.ofSeconds(10))) {
            d.migrate("text_writer_schema_history", "classpath:db/contracts/text-messages");
        }
    }

    /** Stops the service (if running) and starts it again on the same database and index directory. */
    void restart() {
        restart(Map.of());
    }

    void restart(Map<String, String> changes) {
        if (service != null) {
            service.close();
        }
        settings.putAll(changes);
        service = EmbeddingsService.start(EmbeddingsConfig.from(Settings.of(settings)), Metrics.prometheus());
        baseUrl = "http://127.0.0.1:" + service.httpPort();
    }

    // --- writing messages the way the text writer does ---

    UUID insert(String text) {
        return insert(text, "api");
    }

    UUID insert(String text, String source) {
        UUID id = UUID.randomUUID();
        db.execute("INSERT INTO text_messages (id, message, source) VALUES ('" + id + "', " + quote(text) + ", '"
                + source + "')");
        return id;
    }

    /** Many rows in one statement, as the text writer's batched sink writes them. */
    List<UUID> insertAll(List<String> texts) {
        List<UUID> ids = texts.stream().map(t -> UUID.randomUUID()).toList();
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO text_messages (id, message, source)"
                        + " SELECT u.id, u.message, 'kafka' FROM unnest(?::uuid[], ?::text[]) AS u(id, message)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.setArray(2, c.createArrayOf("text", texts.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** Waits until every stored embedding is searchable (Lucene refreshes its searcher as the projection idles). */
    void awaitSearchable() {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> !"lucene".equals(service.storeName()) || ProjectionIT.documents(this) == embeddings());
    }

    long embeddings() {
        return db.count("SELECT count(*) FROM text_embeddings");
    }

    long embeddingsOf(UUID id) {
        return db.count("SELECT count(*) FROM text_embeddings WHERE text_message_id = '" + id + "'");
    }

    // --- HTTP ---

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    }

    HttpResponse<String> post(String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.build());
    }

    HttpResponse<String> search(String query, int limit) {
        return post("/embeddings/search", json(Map.of("query", query, "limit", limit)));
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.mapper().readTree(r.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            try {
                ProjectionIT.deleteTree(indexDir);
            } catch (IOException e) {
                // a temp directory left behind
            }
        }
    }
}
