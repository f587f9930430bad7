package io.sluice.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.aws.AwsClients;
import io.sluice.aws.AwsConfig;
import io.sluice.core.config.Settings;
import io.sluice.core.json.Json;
import io.sluice.core.service.ServiceMain;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.S3Server;
import io.sluice.testkit.TestHttp;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The analytics SIGKILLed mid-stream in a child JVM (no final flush, a transaction open, its local state left as the
 * kill left it) and started again: the restarted service's live summary and its flushed summary report equal the
 * figures SQL gives over the rows, as if it had never been killed.
 */
@ExtendWith({KafkaBroker.class, S3Server.class})
class AnalyticsFaultIT {
    @TempDir
    Path dir;

    @Test
    void a_service_killed_mid_stream_and_started_again_reports_what_sql_gives() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String orders = KafkaBroker.freshTopic("dbserver1.public.orders-" + run, 3);
        String items = KafkaBroker.freshTopic("dbserver1.public.order_items-" + run, 3);
        String bucket = "lake-kill-" + run;
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> settings = new HashMap<>(S3Server.settings());
        settings.put("kafka.bootstrap_servers", KafkaBroker.bootstrapServers());
        settings.put("services.analytics.kafka.topics", orders + "," + items);
        settings.put("services.analytics.kafka.group_id", "analytics-kill-" + run);
        settings.put("services.analytics.s3_bucket", bucket);
        settings.put("services.analytics.flush_interval", "1h");
        settings.put("services.analytics.state_dir", dir.resolve("state").toString());
        settings.put("services.analytics.http.port", Integer.toString(port));
        settings.put("services.analytics.kafka.session_timeout_ms", "6000");

        ShopModel shop = ShopModel.generate(100, 150, 13);
        List<ShopModel.Event> events = shop.events();
        Process child = startChild(settings, dir.resolve("first.log"));
        try {
            awaitRunning(dir.resolve("first.log"));
            AtomicInteger sent = new AtomicInteger();
            Thread writer = Thread.ofPlatform().start(() -> {
                for (ShopModel.Event e : events) {
                    KafkaBroker.produce(e.order() ? orders : items, "{\"id\":" + e.id() + "}", e.json());
                    sent.incrementAndGet();
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= events.size() / 3);
            child.destroyForcibly(); // SIGKILL: no final flush, no commit, no leaving the group
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            writer.join(Duration.ofSeconds(120));
            assertThat(sent.get()).isEqualTo(events.size());

            child = startChild(settings, dir.resolve("second.log"));
            TestHttp http = new TestHttp("http://127.0.0.1:" + port);
            JsonNode expected = AnalyticsKafkaIT.tree(shop.summaryMetrics());
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(TestHttp.json(http.get("/analytics/summary"))
                                    .get("metrics"))
                            .isEqualTo(expected));

            HttpResponse<String> flushed = http.postJson("/analytics/flush", "{}");
            assertThat(flushed.statusCode()).isEqualTo(200);
            JsonNode written = TestHttp.json(flushed).get("written");
            String summaryKey = written.get(written.size() - 1).asText();
            try (S3Client s3 = AwsClients.s3(AwsConfig.from(Settings.of(S3Server.settings())))) {
                JsonNode report = Json.mapper()
                        .readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(summaryKey))
                                .asByteArray());
                assertThat(report.get("metrics")).isEqualTo(expected);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitRunning(Path log) {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> Files.exists(log) && Files.readString(log).contains("-> RUNNING"));
    }

    private static Process startChild(Map<String, String> settings, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx384m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ServiceMain.class.getName());
        cmd.add(AnalyticsConfig.NAME);
        Map<String, String> all = new HashMap<>(settings);
        all.put("http.host", "127.0.0.1");
        all.forEach((k, v) -> cmd.add(k + "=" + v));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
