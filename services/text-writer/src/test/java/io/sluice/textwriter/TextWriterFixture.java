package io.sluice.textwriter;

import io.sluice.core.config.Settings;
import io.sluice.http.Metrics;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * A text writer running in-process against the shared test broker and a fresh database, on a fresh topic and a
 * free HTTP port; plus a small HTTP client. Close it at the end of the test.
 */
final class TextWriterFixture implements AutoCloseable {
    final String topic;
    final String group;
    final TestDatabase db;
    final TextWriterService service;
    final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private TextWriterFixture(String topic, String group, TestDatabase db, TextWriterService service) {
        this.topic = topic;
        this.group = group;
        this.db = db;
        this.service = service;
        this.baseUrl = "http://localhost:" + service.httpPort();
    }

    static TextWriterFixture start() {
        return start(KafkaBroker.freshTopic("text", 3), Postgres.freshDatabase("textwriter"), Map.of());
    }

    static TextWriterFixture start(String topic, TestDatabase db, Map<String, String> extra) {
        String group = "tw-" + topic;
        TextWriterService service = TextWriterService.start(config(topic, group, db, extra), Metrics.prometheus());
        return new TextWriterFixture(topic, group, db, service);
    }

    static TextWriterConfig config(String topic, String group, TestDatabase db, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap_servers", KafkaBroker.bootstrapServers());
        s.put("kafka.input_topic", topic);
        s.put("kafka.consumer_group", group);
        s.put("database.host", db.host());
        s.put("database.port", Integer.toString(db.port()));
        s.put("database.name", db.name());
        s.put("database.user", db.user());
        s.put("database.password", db.password());
        s.put("http.port", "0");
        s.put("http.host", "127.0.0.1");
        s.put("retry.max_backoff_ms", "1000");
        s.putAll(extra);
        return TextWriterConfig.from(Settings.of(s));
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    }

    HttpResponse<String> postJson(String path, String body) {
        return post(path, "application/json", body);
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long rows() {
        return db.count("SELECT count(*) FROM text_messages");
    }

    @Override
    public void close() {
        service.close();
    }
}
