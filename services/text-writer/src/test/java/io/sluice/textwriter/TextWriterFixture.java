package io.sluice.textwriter;

import io.sluice.core.config.Settings;
import io.sluice.http.Metrics;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import io.sluice.testkit.TestHttp;
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
    private final TestHttp http;

    private TextWriterFixture(String topic, String group, TestDatabase db, TextWriterService service) {
        this.topic = topic;
        this.group = group;
        this.db = db;
        this.service = service;
        this.baseUrl = "http://localhost:" + service.httpPort();
        this.http = new TestHttp(baseUrl);
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
        s.putAll(db.settings());
        s.put("http.port", "0");
        s.put("http.host", "127.0.0.1");
        s.put("retry.max_backoff_ms", "1000");
        s.putAll(extra);
        return TextWriterConfig.from(Settings.of(s));
    }

    HttpResponse<String> get(String path) {
        return http.get(path);
    }

    HttpResponse<String> postJson(String path, String body) {
        return http.postJson(path, body);
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return http.post(path, contentType, body);
    }

    HttpResponse<String> send(HttpRequest request) {
        return http.send(request);
    }

    long rows() {
        return db.count("SELECT count(*) FROM text_messages");
    }

    @Override
    public void close() {
        service.close();
    }
}
