package io.sluice.analytics;

import static io.sluice.analytics.Events.ITEMS;
import static io.sluice.analytics.Events.ORDERS;
import static io.sluice.analytics.Events.item;
import static io.sluice.analytics.Events.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.core.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnalyticsTopologyTest {
    static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

    @TempDir
    Path stateDir;

    TopologyTestDriver driver;
    TestInputTopic<String, String> orders;
    TestInputTopic<String, String> items;
    final List<HourlyWindowEmitter.Window> written = new CopyOnWriteArrayList<>();
    volatile boolean sinkFails;

    @BeforeEach
    void start() {
        driver = driver(ZoneOffset.UTC);
    }

    private TopologyTestDriver driver(ZoneId zone) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        HourlyWindowEmitter.Settings hourly = new HourlyWindowEmitter.Settings(
                Duration.ofMinutes(5),
                Duration.ofSeconds(10),
                Duration.ofDays(7),
                w -> {
                    if (sinkFails) {
                        throw new IllegalStateException("S3 is down");
                    }
                    written.add(w);
                },
                Runnable::run);
        TopologyTestDriver d =
                new TopologyTestDriver(AnalyticsTopology.build(List.of(ORDERS, ITEMS), zone, hourly), props, START);
        orders = d.createInputTopic(ORDERS, new StringSerializer(), new StringSerializer());
        items = d.createInputTopic(ITEMS, new StringSerializer(), new StringSerializer());
        return d;
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    Figures figures() {
        return new StoreFigures(name -> driver.<Object, Object>getKeyValueStore(name)).read();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flattened", "full"})
    void captured_debezium_events_give_the_figures_sql_gives(String fixture) {
        for (Events.Line l : Events.captured(fixture)) {
            (l.topic().equals(ORDERS) ? orders : items).pipeInput(l.key(), l.value());
        }
        Figures f = figures();
        // One order (42, created with 0, then 1359.97 = 1299.99 + 2 × 29.99, then shipped); item 2 updated, then
        // deleted.
        assertThat(f.dailySales()).containsOnlyKeys("2026-12-04");
        assertThat(f.dailySales().get("2026-12-04")).isEqualTo(new SalesFigures(new BigDecimal("1359.97"), 1));
        assertThat(f.customers()).isEqualTo(Map.of(42L, new SalesFigures(new BigDecimal("1359.97"), 1)));
        assertThat(f.statusCounts()).isEqualTo(Map.of("shipped", 1L));
        assertThat(f.products()).isEqualTo(Map.of(1L, new ProductFigures(1, new BigDecimal("1299.99"), 1)));
        assertThat(f.totalRevenue()).isEqualByComparingTo("1359.97");
    }

    @Test
    void an_amount_changed_after_insert_replaces_the_old_amount() {
        orders.pipeInput(order("c", 1, 7, "0.00", "pending", "2026-12-04T09:00:00Z", 100));
        orders.pipeInput(order("c", 2, 7, "29.99", "pending", "2026-12-04T09:30:00Z", 110));
        orders.pipeInput(order("u", 1, 7, "1299.99", "pending", "2026-12-04T09:00:00Z", 120));

        Figures f = figures();
        assertThat(f.dailySales().get("2026-12-04")).isEqualTo(new SalesFigures(new BigDecimal("1329.98"), 2));
        assertThat(f.customers().get(7L)).isEqualTo(new SalesFigures(new BigDecimal("1329.98"), 2));
        assertThat(f.totalOrders()).isEqualTo(2);
    }

    @Test
    void a_status_change_moves_the_order_between_counts() {
        orders.pipeInput(order("c", 1, 7, "10.00", "pending", "2026-12-04T09:00:00Z", 100));
        orders.pipeInput(order("c", 2, 8, "10.00", "pending", "2026-12-04T09:00:00Z", 110));
        orders.pipeInput(order("u", 1, 7, "10.00", "shipped", "2026-12-04T09:00:00Z", 120));
        orders.pipeInput(order("u", 1, 7, "10.00", "delivered", "2026-12-04T09:00:00Z", 130));

        assertThat(figures().statusCounts()).isEqualTo(Map.of("delivered", 1L, "pending", 1L));
    }

    @Test
    void deletes_remove_the_row_from_every_figure() {
        orders.pipeInput(order("c", 1, 7, "10.00", "pending", "2026-12-04T09:00:00Z", 100));
        orders.pipeInput(order("c", 2, 8, "5.50", "pending", "2026-12-03T09:00:00Z", 110));
        items.pipeInput(item("c", 1, 2, 33, 2, "2.75", 111));
        items.pipeInput(item("d", 1, 2, 33, 2, "2.75", 140));
        items.pipeInput("{\"id\":1}", (String) null); // the tombstone after a delete
        orders.pipeInput(order("d", 2, 8, "5.50", "pending", "2026-12-03T09:00:00Z", 150));
        orders.pipeInput("{\"id\":2}", (String) null);

        Figures f = figures();
        assertThat(f.dailySales()).containsOnlyKeys("2026-12-04");
        assertThat(f.customers()).containsOnlyKeys(7L);
        assertThat(f.statusCounts()).isEqualTo(Map.of("pending", 1L));
        assertThat(f.products()).isEmpty();
        assertThat(f.totalRevenue()).isEqualByComparingTo("10.00");
    }

    @Test
    void an_older_version_arriving_late_is_ignored_even_after_a_delete() {
        orders.pipeInput(order("c", 1, 7, "10.00", "pending", "2026-12-04T09:00:00Z", 100));
        orders.pipeInput(order("u", 1, 7, "20.00", "shipped", "2026-12-04T09:00:00Z", 300));
        orders.pipeInput(order("u", 1, 7, "15.00", "paid", "2026-12-04T09:00:00Z", 200)); // older: ignored
        assertThat(figures().customers().get(7L)).isEqualTo(new SalesFigures(new BigDecimal("20.00"), 1));
        assertThat(figures().statusCounts()).isEqualTo(Map.of("shipped", 1L));

        items.pipeInput(item("c", 5, 1, 9, 1, "3.00", 400));
        items.pipeInput(item("d", 5, 1, 9, 1, "3.00", 500));
        items.pipeInput(item("u", 5, 1, 9, 4, "3.00", 450)); // before the delete: ignored
        assertThat(figures().products()).isEmpty();
    }

    @Test
    void an_item_quantity_change_replaces_its_revenue() {
        items.pipeInput(item("c", 1, 1, 9, 1, "29.99", 100));
        items.pipeInput(item("c", 2, 1, 9, 2, "29.99", 110));
        items.pipeInput(item("u", 1, 1, 9, 3, "29.99", 120));
        items.pipeInput(item("c", 3, 2, 4, 1, "1299.99", 130));

        Figures f = figures();
        assertThat(f.products().get(9L)).isEqualTo(new ProductFigures(5, new BigDecimal("149.95"), 2));
        assertThat(f.topProducts(1)).extracting(Map.Entry::getKey).containsExactly(4L);
    }

    @Test
    void a_redelivered_event_counts_once() {
        String create = order("c", 1, 7, "10.00", "pending", "2026-12-04T09:00:00Z", 100);
        orders.pipeInput(create);
        orders.pipeInput(create);
        assertThat(figures().totalOrders()).isEqualTo(1);
        assertThat(figures().totalRevenue()).isEqualByComparingTo("10.00");
    }

    @Test
    void a_bad_record_goes_to_the_dead_letter_topic_with_the_platform_headers_and_the_rest_is_processed() {
        TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(
                DeadLetterPublisher.topicFor(ORDERS), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        orders.pipeInput("k", "not json");
        orders.pipeInput(order("c", 1, 7, "10.00", "pending", "2026-12-04T09:00:00Z", 100));

        TestRecord<byte[], byte[]> letter = dlq.readRecord();
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
        assertThat(header(letter, DeadLetterPublisher.HEADER_TOPIC)).isEqualTo(ORDERS);
        assertThat(header(letter, DeadLetterPublisher.HEADER_OFFSET)).isEqualTo("0");
        assertThat(header(letter, DeadLetterPublisher.HEADER_SERVICE)).isEqualTo("analytics-service");
        assertThat(header(letter, DeadLetterPublisher.HEADER_ERROR_CLASS))
                .isEqualTo("io.sluice.core.consumer.PoisonRecordException");
        assertThat(header(letter, DeadLetterPublisher.HEADER_ERROR_MESSAGE)).contains("is not JSON");
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(figures().totalOrders()).isEqualTo(1);
    }

    @Test
    void a_bad_record_too_large_to_dead_letter_whole_is_cut_with_its_size_and_hash() {
        TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(
                DeadLetterPublisher.topicFor(ORDERS), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        String big = "x".repeat(DeadLetterHandler.DEFAULT_MAX_REQUEST_SIZE); // not JSON, and 1 MiB

        orders.pipeInput("k", big);

        TestRecord<byte[], byte[]> letter = dlq.readRecord();
        assertThat(letter.value().length).isLessThan(DeadLetterHandler.DEFAULT_MAX_REQUEST_SIZE - 500);
        assertThat(header(letter, DeadLetterPublisher.HEADER_TRUNCATED)).isEqualTo("true");
        assertThat(header(letter, DeadLetterPublisher.HEADER_ORIGINAL_SIZE)).isEqualTo("1048576");
        assertThat(header(letter, DeadLetterPublisher.HEADER_ORIGINAL_SHA256)).hasSize(64);
        assertThat(header(letter, DeadLetterPublisher.HEADER_TOPIC)).isEqualTo(ORDERS);
    }

    @Test
    void a_closed_hour_is_written_on_the_wall_clock_without_a_newer_record_and_rewritten_when_it_changes() {
        orders.pipeInput(order("c", 1, 7, "10.00", "pending", "2026-12-04T09:10:00Z", 100));
        orders.pipeInput(order("c", 2, 7, "5.00", "pending", "2026-12-04T09:50:00Z", 110));
        orders.pipeInput(order("c", 3, 7, "1.00", "pending", "2026-12-04T10:01:00Z", 120));

        // 10:00 wall clock: the 09:00 hour ends now, its grace (5 minutes) has not passed.
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(written).isEmpty();

        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(written)
                .containsExactly(new HourlyWindowEmitter.Window(
                        Instant.parse("2026-12-04T09:00:00Z"),
                        Instant.parse("2026-12-04T10:00:00Z"),
                        new SalesFigures(new BigDecimal("15.00"), 2)));
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(written).hasSize(1); // written once

        orders.pipeInput(order("u", 2, 7, "7.50", "paid", "2026-12-04T09:50:00Z", 130)); // a late correction
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(written).hasSize(2);
        assertThat(written.get(1).figures()).isEqualTo(new SalesFigures(new BigDecimal("17.50"), 2));
        assertThat(Reports.hourlyKey(written.get(1), ZoneOffset.UTC)).isEqualTo("analytics/hourly_sales/20261204_09");
    }

    @Test
    void a_failed_window_write_is_retried_at_the_next_check() {
        orders.pipeInput(order("c", 1, 7, "10.00", "pending", "2026-12-04T09:10:00Z", 100));
        sinkFails = true;
        driver.advanceWallClockTime(Duration.ofMinutes(6));
        assertThat(written).isEmpty();
        sinkFails = false;
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(written).hasSize(1);
    }

    @Test
    void dates_and_hours_follow_the_configured_zone() {
        driver.close();
        driver = driver(ZoneId.of("America/New_York"));
        orders.pipeInput(order("c", 1, 7, "10.00", "pending", "2026-12-04T03:30:00Z", 100)); // 22:30 the day before
        assertThat(figures().dailySales()).containsOnlyKeys("2026-12-03");
    }

    @Test
    void reports_have_the_seed_keys_and_shapes_with_two_decimal_money() throws Exception {
        orders.pipeInput(order("c", 1, 42, "1359.97", "shipped", "2026-12-04T09:10:00Z", 100));
        orders.pipeInput(order("c", 2, 43, "0.1", "pending", "2026-12-04T09:10:00Z", 110));
        items.pipeInput(item("c", 1, 1, 1, 1, "1299.99", 120));
        items.pipeInput(item("c", 2, 1, 2, 2, "29.99", 130));

        List<Reports.Report> reports = Reports.all(figures(), Instant.parse("2026-12-04T23:15:00.123Z"), 100);
        assertThat(reports)
                .extracting(Reports.Report::key)
                .containsExactly(
                        "analytics/daily_sales/20261204_231500",
                        "analytics/product_sales/20261204_231500",
                        "analytics/customer_metrics/20261204_231500",
                        "analytics/order_status/20261204_231500",
                        "analytics/summary/20261204_231500");
        Map<String, String> json = new java.util.LinkedHashMap<>();
        for (Reports.Report r : reports) {
            json.put(r.type().folder(), Json.mapper().writeValueAsString(r.body()));
        }
        assertThat(json.get("daily_sales"))
                .isEqualTo("{\"report_type\":\"daily_sales\",\"generated_at\":\"2026-12-04T23:15:00.123000\","
                        + "\"data\":{\"2026-12-04\":{\"total_amount\":1360.07,\"order_count\":2}}}");
        assertThat(json.get("product_sales"))
                .endsWith("\"data\":{\"1\":{\"quantity_sold\":1,\"total_revenue\":1299.99},"
                        + "\"2\":{\"quantity_sold\":2,\"total_revenue\":59.98}}}");
        assertThat(json.get("customer_metrics"))
                .endsWith("\"data\":{\"42\":{\"total_spent\":1359.97,\"order_count\":1},"
                        + "\"43\":{\"total_spent\":0.10,\"order_count\":1}}}");
        assertThat(json.get("order_status"))
                .startsWith("{\"report_type\":\"order_status_distribution\"")
                .endsWith("\"data\":{\"pending\":1,\"shipped\":1}}");
        assertThat(json.get("summary"))
                .isEqualTo("{\"report_type\":\"summary\",\"generated_at\":\"2026-12-04T23:15:00.123000\","
                        + "\"metrics\":{\"total_orders\":2,\"total_revenue\":1360.07,\"unique_customers\":2,"
                        + "\"unique_products_sold\":2,\"order_status_breakdown\":{\"pending\":1,\"shipped\":1}}}");
    }

    @Test
    void with_no_orders_only_the_summary_is_written() {
        assertThat(Reports.all(figures(), START, 100))
                .extracting(Reports.Report::type)
                .containsExactly(Reports.Type.SUMMARY);
        assertThat(Files.exists(stateDir)).isTrue();
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
