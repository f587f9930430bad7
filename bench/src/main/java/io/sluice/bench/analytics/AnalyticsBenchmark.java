package io.sluice.bench.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.Format;
import io.sluice.bench.Machine;
import io.sluice.bench.Percentiles;
import io.sluice.bench.Producers;
import io.sluice.bench.inventory.GroupLag;
import io.sluice.core.kafka.Topics;
import io.sluice.embedded.EmbeddedS3;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code sluice bench analytics}: pre-produces {@link OrderWorkload}'s change events to the orders and order-items
 * topics, then measures the analytics service (started through the registry, in this process: Kafka Streams with
 * {@code exactly_once_v2}, an application id and state directory of its own, reports to an embedded S3 server) from
 * its first stream thread until its live summary shows the figures the workload expects, the input lag being 0 (the
 * input lag alone is not enough: the figures are aggregated behind repartition topics); then
 * the time of {@code POST /analytics/flush} (every report written to S3) a few times; then a {@link RawConsume} of the
 * same topics (parsing each value as JSON, the baseline; and once without decoding, for reference). Prints the rates,
 * the flush p50 and, last, {@code ratio_vs_baseline=<x.xx>}. The service's figures (total orders, total revenue,
 * orders by status) must equal the workload's exactly, live and in the flushed {@code summary} report.
 */
public final class AnalyticsBenchmark {
    static final int PARTITIONS = 3;
    private static final Duration STALL = Duration.ofSeconds(120);
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final String BUCKET = "sluice-bench-lake";

    private final BenchEnvironment env;
    private final AnalyticsOptions options;
    private final PrintWriter out;

    public AnalyticsBenchmark(BenchEnvironment env, AnalyticsOptions options, PrintWriter out) {
        this.env = env;
        this.options = options;
        this.out = out;
    }

    /** Rates in events per second, the flush p50 in milliseconds, and whether every figure checked was exact. */
    public record Result(
            int orders, double serviceRate, double baselineRate, long flushP50Millis, boolean figuresMatch) {
        public double ratio() {
            return baselineRate <= 0 ? 0 : serviceRate / baselineRate;
        }

        public void print(PrintWriter out) {
            out.printf(
                    "result: analytics %s events/s, raw consume + JSON parse %s events/s; flush p50 %s ms at %s"
                            + " orders; figures %s%n",
                    Format.count(Math.round(serviceRate)),
                    Format.count(Math.round(baselineRate)),
                    Format.count(flushP50Millis),
                    Format.count(orders),
                    figuresMatch ? "exact" : "WRONG");
            out.printf("ratio_vs_baseline=%s%n", Format.ratio(ratio()));
            out.flush();
        }
    }

    /** Runs the benchmark; the result is printed by the caller once the servers are stopped. */
    public Result run() throws InterruptedException {
        String orders = options.topicPrefix() + ".public.orders";
        String items = options.topicPrefix() + ".public.order_items";
        List<String> topics = List.of(orders, items);
        createTopics(topics);
        out.printf(
                "analytics: %s orders as CDC events (flattened JSON with schemas, base64 decimals) on 2 topics x %d"
                        + " partitions (%s)%n",
                Format.count(options.orders()), PARTITIONS, env.describe());
        out.printf("machine: %s%n", Machine.describe());

        OrderWorkload workload =
                new OrderWorkload(options.seed(), options.orders(), options.changeShare(), System.currentTimeMillis());
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = Producers.bulk(env.bootstrapServers())) {
            workload.generate((table, key, value) ->
                    producer.send(new ProducerRecord<>(table.equals("orders") ? orders : items, key, value)));
            producer.flush();
        }
        long events = workload.events();
        long produced = System.nanoTime() - start;
        out.printf(
                "produce: %s events in %s = %s events/s  [%s]%n",
                Format.count(events), Format.seconds(produced), Format.rate(events, produced), Machine.load());
        out.printf("  mix: %s%n", workload.describe());
        OrderWorkload.Expected expected = workload.expected();
        out.printf(
                "  expected (SQL over the source): total_orders %s, total_revenue %s%n",
                Format.count(expected.totalOrders()), expected.totalRevenue().toPlainString());
        out.flush();

        Path s3Dir = env.directory().resolve("s3");
        EmbeddedS3 s3 = EmbeddedS3.builder().dataDirectory(s3Dir).build();
        s3.start();
        try {
            return measure(topics, events, expected, s3);
        } finally {
            s3.stop();
        }
    }

    private Result measure(List<String> topics, long events, OrderWorkload.Expected expected, EmbeddedS3 s3)
            throws InterruptedException {
        String applicationId = "bench-analytics-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = env.directory().resolve("analytics");
        long serviceNanos;
        boolean exact;
        long flushP50;
        try (AnalyticsInstance service = AnalyticsInstance.start(settings(topics, applicationId, dir, s3), dir);
                GroupLag lag = new GroupLag(env.bootstrapServers())) {
            long begin = service.streamsStartNanos();
            long[] running = {0};
            JsonNode summary = awaitFigures(service, lag, applicationId, topics, events, expected, running);
            serviceNanos = System.nanoTime() - begin;
            out.printf(
                    "analytics (Kafka Streams, exactly_once_v2): %s events in %s = %s events/s  [%s]%n",
                    Format.count(events),
                    Format.seconds(serviceNanos),
                    Format.rate(events, serviceNanos),
                    Machine.load());
            long end = begin + serviceNanos;
            out.printf(
                    "  of which %s until Kafka Streams was RUNNING (group join, internal topics); from RUNNING %s"
                            + " events/s%n",
                    running[0] == 0 ? "n/a" : Format.seconds(running[0] - begin),
                    running[0] == 0 ? "n/a" : Format.rate(events, end - running[0]));
            exact = check("live summary", summary, expected);
            long[] flushes = new long[options.flushes()];
            JsonNode written = null;
            for (int i = 0; i < flushes.length; i++) {
                long t = System.nanoTime();
                written = service.flush();
                flushes[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
            }
            Percentiles p = Percentiles.of(flushes);
            flushP50 = p.p50();
            out.printf(
                    "flush (POST /analytics/flush, %d reports to the embedded S3): p50 %s ms, max %s ms over %d"
                            + " flushes at %s orders%n",
                    written.size(),
                    Format.count(p.p50()),
                    Format.count(p.max()),
                    flushes.length,
                    Format.count(options.orders()));
            exact &= check("flushed summary report", storedSummary(s3, written), expected);
        }

        RawConsume.Result raw = RawConsume.run(env.bootstrapServers(), topics, false);
        out.printf(
                "raw consume (KafkaConsumer, no decoding): %s events in %s = %s events/s  [%s]%n",
                Format.count(raw.records()),
                Format.seconds(raw.nanos()),
                Format.rate(raw.records(), raw.nanos()),
                Machine.load());
        RawConsume.Result parsed = RawConsume.run(env.bootstrapServers(), topics, true);
        out.printf(
                "raw consume + JSON parse (KafkaConsumer + Jackson tree, the baseline): %s events in %s = %s"
                        + " events/s  [%s]%n",
                Format.count(parsed.records()),
                Format.seconds(parsed.nanos()),
                Format.rate(parsed.records(), parsed.nanos()),
                Machine.load());
        out.flush();
        return new Result(
                options.orders(),
                Format.perSecond(events, serviceNanos),
                Format.perSecond(parsed.records(), parsed.nanos()),
                flushP50,
                exact);
    }

    private Map<String, String> settings(List<String> topics, String applicationId, Path dir, EmbeddedS3 s3) {
        String own = "services." + AnalyticsInstance.SERVICE + ".";
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kafka.bootstrap_servers", env.bootstrapServers());
        s.put(own + "kafka.topics", String.join(",", topics));
        s.put(own + "kafka.group_id", applicationId);
        s.put(own + "kafka.partitions", Integer.toString(PARTITIONS));
        s.put(own + "state_dir", dir.resolve("streams").toString());
        s.put(own + "s3_bucket", BUCKET);
        // Only the timed flushes write reports while it is measured.
        s.put(own + "flush_interval", "24h");
        s.put(own + "advertised_host", "127.0.0.1");
        s.put(own + "http.port", "0");
        s.put("http.host", "127.0.0.1");
        s.put("aws.endpoint_url_s3", s3.endpoint().toString());
        s.put("aws.region", "us-east-1");
        s.put("aws.s3_access_key_id", s3.accessKey());
        s.put("aws.s3_secret_access_key", s3.secretKey());
        s.putAll(options.overrides());
        return s;
    }

    /**
     * Waits until the application has committed every input record (lag 0) and its live summary shows the expected
     * figures; returns that summary, and in {@code running[0]} when Kafka Streams was first seen {@code RUNNING}. A
     * summary that still differs {@link #SETTLE} after the lag reached 0 is returned as it is (the check then reports
     * it). Fails when Kafka Streams stops running or the lag does not fall for {@link #STALL}.
     */
    private JsonNode awaitFigures(
            AnalyticsInstance service,
            GroupLag lag,
            String applicationId,
            List<String> topics,
            long events,
            OrderWorkload.Expected expected,
            long[] running)
            throws InterruptedException {
        long last = Long.MAX_VALUE;
        long movedAt = System.nanoTime();
        long drainedAt = 0;
        JsonNode summary = null;
        while (true) {
            String state = service.streamsState();
            if (state.equals("ERROR") || state.equals("NOT_RUNNING") || state.equals("PENDING_SHUTDOWN")) {
                throw new IllegalStateException("Kafka Streams is " + state + ": " + service.health());
            }
            if (running[0] == 0 && state.equals("RUNNING")) {
                running[0] = System.nanoTime();
            }
            long left = lag.lag(applicationId, topics);
            long now = System.nanoTime();
            if (left == 0) {
                drainedAt = drainedAt == 0 ? now : drainedAt;
                summary = service.summary();
                if (summary != null && (matches(summary, expected) || now - drainedAt > SETTLE.toNanos())) {
                    return summary;
                }
            }
            if (left < last) {
                last = left;
                movedAt = now;
            } else if (now - movedAt > STALL.toNanos()) {
                throw new IllegalStateException("the analytics committed nothing for " + STALL.toSeconds() + " s (lag "
                        + left + " of " + events + "; last summary " + summary + "; health " + service.health() + ")");
            }
            Thread.sleep(left == 0 ? 50 : 100);
        }
    }

    /** Whether total_orders, total_revenue (exact, written with two decimals) and the non-zero status counts match. */
    private static boolean matches(JsonNode summary, OrderWorkload.Expected expected) {
        BigDecimal revenue = summary.path("total_revenue").decimalValue();
        return summary.path("total_orders").asLong(-1) == expected.totalOrders()
                && revenue.compareTo(expected.totalRevenue()) == 0
                && revenue.scale() == 2
                && statuses(summary).equals(expected.statusCounts());
    }

    private static Map<String, Long> statuses(JsonNode summary) {
        Map<String, Long> statuses = new TreeMap<>();
        summary.path("order_status_breakdown").properties().forEach(e -> {
            if (e.getValue().asLong() != 0) {
                statuses.put(e.getKey(), e.getValue().asLong());
            }
        });
        return statuses;
    }

    /** {@link #matches}, printing the figures and the outcome. */
    private boolean check(String what, JsonNode summary, OrderWorkload.Expected expected) {
        boolean exact = matches(summary, expected);
        out.printf(
                Locale.ROOT,
                "  %s: total_orders %s, total_revenue %s, by status %s: %s%n",
                what,
                Format.count(summary.path("total_orders").asLong(-1)),
                summary.path("total_revenue").decimalValue().toPlainString(),
                statuses(summary),
                exact ? "as expected" : "NOT as expected (" + expected + ")");
        out.flush();
        return exact;
    }

    /** The {@code summary} report the last flush wrote, read from the S3 server's files. */
    private static JsonNode storedSummary(EmbeddedS3 s3, JsonNode written) {
        List<String> keys = new ArrayList<>();
        written.forEach(k -> keys.add(k.asText()));
        String key = keys.stream()
                .filter(k -> k.startsWith("analytics/summary/") && k.endsWith(".json"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the flush wrote no summary report: " + keys));
        Path file = s3.dataDirectory().resolve(BUCKET).resolve(key);
        try {
            return AnalyticsInstance.JSON.readTree(Files.readAllBytes(file)).path("metrics");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the summary report " + file, e);
        }
    }

    private void createTopics(List<String> topics) {
        Map<String, Integer> all = new LinkedHashMap<>();
        for (String t : topics) {
            all.put(t, PARTITIONS);
            all.put(t + ".dlq", PARTITIONS);
        }
        if (!Topics.ensure(env.bootstrapServers(), all, Duration.ofSeconds(30))) {
            throw new IllegalStateException("could not create " + topics + " on " + env.bootstrapServers());
        }
        // Ask each partition's leader for its end offset: a leader in the metadata may not take appends yet.
        try (GroupLag admin = new GroupLag(env.bootstrapServers())) {
            admin.endOffsets(topics);
        }
    }
}
