package io.sluice.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.aws.AwsClients;
import io.sluice.aws.AwsConfig;
import io.sluice.core.config.Settings;
import io.sluice.core.json.Json;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.S3Server;
import io.sluice.testkit.TestHttp;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The analytics against a real broker (exactly once, transactions on one broker) and the embedded S3 server: captured
 * real-Debezium events and a generated shop's traffic (amounts set after insert, status changes, item updates,
 * deletes, base64 decimals) become reports whose figures equal SQL's over the remaining rows; a restart that loses
 * the local state and skips the final flush resumes from the changelog and gives the same reports.
 */
@ExtendWith({KafkaBroker.class, S3Server.class})
class AnalyticsKafkaIT {
    String orders;
    String items;
    String bucket;
    String applicationId;
    Path stateDir;

    @TempDir
    Path tmp;

    @BeforeEach
    void fresh() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        orders = KafkaBroker.freshTopic("dbserver1.public.orders-" + run, 3);
        items = KafkaBroker.freshTopic("dbserver1.public.order_items-" + run, 3);
        bucket = "lake-" + run;
        applicationId = "analytics-it-" + run;
        stateDir = tmp.resolve("state");
    }

    private AnalyticsService start() {
        return start(Map.of());
    }

    private AnalyticsService start(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(S3Server.settings());
        values.put("kafka.bootstrap_servers", KafkaBroker.bootstrapServers());
        values.put("services.analytics.kafka.topics", orders + "," + items);
        values.put("services.analytics.kafka.group_id", applicationId);
        values.put("services.analytics.s3_bucket", bucket);
        values.put("services.analytics.flush_interval", "1h");
        values.put("services.analytics.state_dir", stateDir.toString());
        values.put("services.analytics.http.port", "0");
        values.put("services.analytics.kafka.session_timeout_ms", "6000");
        // Every hour of the traffic is long past: each closes at the first check.
        values.put("services.analytics.hourly.grace", "0");
        values.put("services.analytics.hourly.check_interval", "500ms");
        values.put("http.bind_address", "127.0.0.1");
        values.put("services.analytics.advertised_host", "127.0.0.1");
        values.putAll(extra);
        Settings s = Settings.of(values);
        AnalyticsConfig config = AnalyticsConfig.from(s, stateDir);
        return AnalyticsService.start(
                config,
                AnalyticsProvider.aws(s),
                AnalyticsProvider.parquet(config),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    private void produce(List<ShopModel.Event> events) {
        for (ShopModel.Event e : events) {
            KafkaBroker.produce(e.order() ? orders : items, "{\"id\":" + e.id() + "}", e.json());
        }
    }

    private void produceCaptured() {
        for (Events.Line l : Events.captured("flattened")) {
            KafkaBroker.produce(l.topic().equals(Events.ORDERS) ? orders : items, l.key(), l.value());
        }
    }

    private static ShopModel withCapturedRows(ShopModel m) {
        // The captured fixture leaves order 1 (customer 42, 1359.97, shipped, 2026-12-04) and item 1 (1 × 1299.99).
        m.addRows(
                List.of(new OrderRow(
                        1, 42, new BigDecimal("1359.97"), "shipped", Instant.parse("2026-12-04T18:10:47.462515Z"))),
                List.of(new ItemRow(1, 1, 1, 1, new BigDecimal("1299.99"))));
        return m;
    }

    private static S3Client s3;

    private static synchronized S3Client s3() {
        if (s3 == null) {
            s3 = AwsClients.s3(AwsConfig.from(Settings.of(S3Server.settings())));
        }
        return s3;
    }

    private JsonNode stored(String key) throws Exception {
        return Json.mapper()
                .readTree(s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    }

    private static void awaitFigures(AnalyticsService service, ShopModel expected) {
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(tree(Reports.summary(service.figures(), Instant.EPOCH))
                                .get("metrics"))
                        .isEqualTo(tree(expected.summaryMetrics())));
    }

    @Test
    void debezium_events_become_reports_equal_to_the_sql_figures() throws Exception {
        ShopModel shop = withCapturedRows(ShopModel.generate(100, 60, 7));
        produceCaptured();
        produce(shop.events());
        try (AnalyticsService service = start()) {
            awaitFigures(service, shop);
            TestHttp http = new TestHttp("http://127.0.0.1:" + service.httpPort());

            HttpResponse<String> flushed = http.postJson("/analytics/flush", "{}");
            assertThat(flushed.statusCode()).isEqualTo(200);
            JsonNode written = TestHttp.json(flushed).get("written");
            assertThat(written).hasSize(5);
            String summaryKey = written.get(4).asText();
            assertThat(summaryKey).matches("analytics/summary/\\d{8}_\\d{6}\\.json");

            JsonNode summary = stored(summaryKey);
            assertThat(summary.get("report_type").asText()).isEqualTo("summary");
            assertThat(summary.get("metrics")).isEqualTo(tree(shop.summaryMetrics()));
            assertThat(summary.get("metrics").get("total_revenue").isBigDecimal()
                            || summary.get("metrics").get("total_revenue").isNumber())
                    .isTrue();
            JsonNode daily = stored(written.get(0).asText());
            assertThat(daily.get("data")).isEqualTo(tree(shop.dailySales()));

            assertThat(TestHttp.json(http.get("/analytics/summary")).get("metrics"))
                    .isEqualTo(summary.get("metrics"));
            assertThat(TestHttp.json(http.get("/analytics/reports?type=summary"))
                            .get("reports")
                            .get(0)
                            .get("key")
                            .asText())
                    .isEqualTo(summaryKey);
            HttpResponse<String> bad = http.get("/analytics/top-products?limit=0");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(TestHttp.json(bad).get("error").asText())
                    .isEqualTo("limit must be an integer between 1 and 1000");
            HttpResponse<String> badType = http.get("/analytics/reports?type=weekly");
            assertThat(badType.statusCode()).isEqualTo(400);
            assertThat(TestHttp.json(badType).get("error").asText())
                    .isEqualTo(
                            "type must be one of daily_sales, product_sales, customer_metrics, order_status, summary,"
                                    + " hourly_sales");
            HttpResponse<String> badDate = http.get("/analytics/daily-sales?from=yesterday");
            assertThat(badDate.statusCode()).isEqualTo(400);
            assertThat(TestHttp.json(badDate).get("error").asText())
                    .isEqualTo("from must be a date such as 2026-12-04");
            HttpResponse<String> reversed = http.get("/analytics/daily-sales?from=2026-12-05&to=2026-12-04");
            assertThat(reversed.statusCode()).isEqualTo(400);
            assertThat(TestHttp.json(reversed).get("error").asText()).isEqualTo("from must not be after to");
            assertThat(TestHttp.json(http.get("/analytics/daily-sales?from=2026-12-04&to=2026-12-04"))
                            .get("data")
                            .properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("2026-12-04");
            // Hourly windows closed on the wall clock (those of the traffic that ended before now), one object per
            // hour, rewritten until they match the rows.
            java.time.format.DateTimeFormatter hourKey =
                    java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd_HH").withZone(java.time.ZoneOffset.UTC);
            String closedBefore = hourKey.format(Instant.now().minus(Duration.ofHours(1)));
            Map<String, Object> hours = new java.util.TreeMap<>(shop.hourlySales());
            hours.keySet().removeIf(h -> h.compareTo(closedBefore) > 0);
            assertThat(hours).isNotEmpty();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                for (Map.Entry<String, Object> h : hours.entrySet()) {
                    assertThat(stored("analytics/hourly_sales/" + h.getKey() + ".json")
                                    .get("data"))
                            .as(h.getKey())
                            .isEqualTo(tree(h.getValue()));
                }
            });
            assertThat(TestHttp.json(http.get("/health")).get("streams_state").asText())
                    .isEqualTo("RUNNING");
        }
    }

    @Test
    void two_instances_split_the_partitions_and_either_one_reports_every_figure() throws Exception {
        ShopModel shop = withCapturedRows(ShopModel.generate(100, 60, 23));
        produceCaptured();
        produce(shop.events());
        try (AnalyticsService a = start();
                AnalyticsService b = start(Map.of(
                        "services.analytics.state_dir", tmp.resolve("state-b").toString()))) {
            awaitFigures(a, shop);
            awaitFigures(b, shop);
            java.util.Set<Long> onA = a.localFigures().customers().keySet();
            java.util.Set<Long> onB = b.localFigures().customers().keySet();
            assertThat(onA).doesNotContainAnyElementsOf(onB);
            assertThat(onA.size() + onB.size())
                    .isEqualTo(a.figures().customers().size());

            List<String> written = b.flush();
            assertThat(stored(written.getLast()).get("metrics")).isEqualTo(tree(shop.summaryMetrics()));
        }
    }

    @Test
    void a_replay_of_the_topics_with_every_event_delivered_twice_gives_the_same_figures() throws Exception {
        ShopModel shop = withCapturedRows(ShopModel.generate(80, 50, 23));
        produceCaptured();
        produce(shop.events());
        // What a source replay looks like downstream (Debezium after a crash, or the topics re-sent): every change
        // again, with its original position. Versions, not arrival, decide, so nothing counts twice.
        produceCaptured();
        produce(shop.events());
        AnalyticsService first = start();
        try {
            awaitFigures(first, shop);
        } finally {
            first.close();
        }
        // A new application id reads both topics from offset 0: the same figures from scratch.
        applicationId = applicationId + "-replay";
        stateDir = tmp.resolve("state-replay");
        AnalyticsService replay = start();
        try {
            awaitFigures(replay, shop);
        } finally {
            replay.closeWithoutFlush();
        }
    }

    @Test
    void a_restart_that_lost_its_local_state_and_its_final_flush_gives_the_same_report() throws Exception {
        ShopModel shop = withCapturedRows(ShopModel.generate(100, 60, 11));
        List<ShopModel.Event> events = shop.events();
        int half = events.size() / 2;
        produceCaptured();
        produce(events.subList(0, half));
        AnalyticsService first = start();
        try {
            await().atMost(Duration.ofSeconds(40))
                    .ignoreExceptions()
                    .until(() -> first.figures().totalOrders() > 0);
        } finally {
            first.closeWithoutFlush();
        }
        deleteTree(stateDir); // a new machine: everything comes back from the changelog topics
        produce(events.subList(half, events.size()));
        AnalyticsService second = start(Map.of("services.analytics.reports.parquet", "true"));
        try {
            awaitFigures(second, shop);
        } finally {
            second.close(); // what SIGTERM does: the final flush writes every report
        }
        List<String> keys = s3().listObjectsV2(b -> b.bucket(bucket).prefix("analytics/")).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key)
                .filter(k -> !k.startsWith("analytics/hourly_sales/"))
                .toList();
        assertThat(keys).as("nothing was flushed before the close").hasSize(10);
        String summaryKey = keys.stream()
                .filter(k -> k.startsWith("analytics/summary/") && k.endsWith(".json"))
                .findFirst()
                .orElseThrow();
        assertThat(keys).contains(summaryKey.replace(".json", ".parquet"));
        assertThat(stored(summaryKey).get("metrics")).isEqualTo(tree(shop.summaryMetrics()));
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }

    /** As JSON text read back, so that numbers compare by their text whatever Java type built them. */
    static JsonNode tree(Object value) {
        try {
            return Json.mapper().readTree(Json.mapper().writeValueAsString(value));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
