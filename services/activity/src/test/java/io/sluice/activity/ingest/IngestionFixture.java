package io.sluice.activity.ingest;

import io.sluice.core.config.Settings;
import io.sluice.http.Metrics;
import io.sluice.testkit.TestHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** An ingestion service running in-process on a free port, with its spill file in a test directory. */
final class IngestionFixture implements AutoCloseable {
    final String topic;
    final IngestionService service;
    private final TestHttp http;

    private IngestionFixture(String topic, IngestionService service) {
        this.topic = topic;
        this.service = service;
        this.http = new TestHttp("http://127.0.0.1:" + service.httpPort());
    }

    static IngestionFixture start(String bootstrap, String topic, Path dir, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap_servers", bootstrap);
        s.put("http.host", "127.0.0.1");
        s.put("services.activity-ingestion.topic", topic);
        s.put("services.activity-ingestion.partitions", "3");
        s.put("services.activity-ingestion.http.port", "0");
        s.put(
                "services.activity-ingestion.spill.path",
                dir.resolve("ingest.spill").toString());
        s.put("services.activity-ingestion.kafka.probe_interval_ms", "200");
        s.put("services.activity-ingestion.kafka.delivery_timeout_ms", "2000");
        s.putAll(extra);
        return new IngestionFixture(
                topic, IngestionService.start(IngestionConfig.from(Settings.of(s), dir), Metrics.prometheus()));
    }

    HttpResponse<String> postJson(String path, String body) {
        return http.postJson(path, body);
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return http.post(path, contentType, body);
    }

    HttpResponse<String> postJson(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build());
    }

    HttpResponse<String> get(String path) {
        return http.get(path);
    }

    @Override
    public void close() {
        service.close();
    }
}
