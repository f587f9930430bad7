package io.sluice.requestevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.Settings;
import io.sluice.core.json.Json;
import io.sluice.http.Metrics;
import io.sluice.testkit.TestHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A request-events service running in-process on a given broker and topic, with its SQLite file and spill file in
 * a directory of its own and a free HTTP port; plus a small HTTP client and a reader for its database.
 */
final class RequestEventsFixture implements AutoCloseable {
    final String topic;
    final Path dir;
    final RequestEventsService service;
    final String baseUrl;
    final SqliteRows db;
    private final TestHttp http;

    private RequestEventsFixture(String topic, Path dir, RequestEventsService service) {
        this.topic = topic;
        this.dir = dir;
        this.service = service;
        this.baseUrl = "http://127.0.0.1:" + service.httpPort();
        this.http = new TestHttp(baseUrl);
        this.db = new SqliteRows(service.config().dbPath());
    }

    static RequestEventsFixture start(String bootstrap, String topic, Path dir, Map<String, String> extra) {
        return new RequestEventsFixture(
                topic, dir, RequestEventsService.start(config(bootstrap, topic, dir, extra), Metrics.prometheus()));
    }

    static RequestEventsConfig config(String bootstrap, String topic, Path dir, Map<String, String> extra) {
        return RequestEventsConfig.from(Settings.of(settings(bootstrap, topic, dir, extra)));
    }

    static Map<String, String> settings(String bootstrap, String topic, Path dir, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap_servers", bootstrap);
        s.put("events.topic", topic);
        s.put("events.consumer_group", "re-" + topic);
        s.put("events.db_path", dir.resolve("events.db").toString());
        s.put("events.http.port", "0");
        s.put("events.http.host", "127.0.0.1");
        s.put("events.retry.max_backoff_ms", "1000");
        s.putAll(extra);
        return s;
    }

    HttpResponse<String> get(String path, String... headers) {
        return http.get(path, headers);
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

    /** The body as JSON, after checking it was sent as JSON. */
    static JsonNode json(HttpResponse<String> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/json")) {
            throw new AssertionError("Content-Type of " + r.statusCode() + " " + r.body() + " is " + type);
        }
        try {
            return Json.mapper().readTree(r.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    static JsonNode tree(Object value) {
        return Json.mapper().valueToTree(value);
    }

    @Override
    public void close() {
        service.close();
    }
}
