package io.sluice.analytics;

import io.sluice.aws.AwsConfig;
import io.sluice.core.config.Settings;
import io.sluice.core.service.Flow;
import io.sluice.core.service.RunningService;
import io.sluice.core.service.ServiceContext;
import io.sluice.core.service.SluiceService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers the analytics ({@code run analytics}: port 8080 or {@code PORT}; in {@code up} 8083, or a free port when
 * that is taken). Its keys are {@code services.analytics.*} ({@link AnalyticsConfig}). In {@code up} its reports go to
 * the embedded S3 server's bucket {@value #UP_BUCKET} unless {@code S3_BUCKET} names another.
 */
public final class AnalyticsProvider implements SluiceService {
    static final int UP_HTTP_PORT = 8083;
    static final String UP_BUCKET = "sluice-data-lake";

    @Override
    public String name() {
        return AnalyticsConfig.NAME;
    }

    @Override
    public String title() {
        return "Analytics";
    }

    @Override
    public String description() {
        return "Debezium orders and order items to sales reports on S3 (Kafka Streams, exactly once), REST API on 8083";
    }

    @Override
    public Set<String> requires() {
        return Set.of(KAFKA, S3);
    }

    /** After the CDC source, whose topics it reads, and the inventory. */
    @Override
    public int order() {
        return 19;
    }

    @Override
    public Map<String, String> environment() {
        return AnalyticsConfig.ENV;
    }

    /** The orders' CDC topics to reports in S3 (a Kafka Streams application: its id is its group). */
    @Override
    public Flow flow(Settings s) {
        Settings own = s.within(AnalyticsConfig.PREFIX);
        List<String> topics = java.util.Arrays.stream(own.string("kafka.topics", AnalyticsConfig.DEFAULT_TOPICS)
                        .split(","))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .toList();
        String bucket = own.optional("s3_bucket").map(String::trim).orElse(UP_BUCKET);
        return new Flow(
                List.of(),
                topics,
                List.of(),
                List.of("s3:" + bucket),
                List.of(own.string("kafka.group_id", "analytics-service-group").trim()));
    }

    @Override
    public RunningService start(ServiceContext context) {
        Settings s = context.settings();
        String portKey = AnalyticsConfig.PREFIX + ".http.port";
        if (context.mode() == ServiceContext.Mode.UP && !s.isSet(portKey)) {
            s = s.withDefaults(
                    Map.of(portKey, context.useFreePort(UP_HTTP_PORT) ? "0" : Integer.toString(UP_HTTP_PORT)));
        } else if (context.mode() == ServiceContext.Mode.RUN) {
            s = AnalyticsConfig.withPort(s, System.getenv());
        }
        String bucketKey = AnalyticsConfig.PREFIX + ".s3_bucket";
        if (context.mode() == ServiceContext.Mode.UP && !s.isSet(bucketKey)) {
            s = s.withDefaults(Map.of(bucketKey, UP_BUCKET));
        }
        AnalyticsConfig config = AnalyticsConfig.from(s, context.dataDir());
        AnalyticsService service = AnalyticsService.start(config, aws(s), parquet(config), context.registry());
        String url = "http://localhost:" + service.httpPort();
        return RunningService.of(
                service.httpPort(),
                List.of(
                        "topics " + String.join(", ", config.topics()) + ", Kafka Streams " + config.applicationId()
                                + " (exactly once)",
                        "reports to "
                                + (config.s3Bucket() == null
                                        ? "nowhere (S3_BUCKET not set)"
                                        : "s3://" + config.s3Bucket() + "/analytics/")
                                + " every " + config.flushInterval().toSeconds() + " s"
                                + (config.parquet() ? ", JSON and Parquet" : "")),
                List.of(
                        "curl " + url + "/analytics/summary",
                        "curl -X POST " + url + "/analytics/flush",
                        "./sluice analytics summary"),
                service::health,
                service);
    }

    /** The shared {@code aws.*} keys with the service's own region and endpoint ({@code AWS_REGION}, …) on top. */
    static AwsConfig aws(Settings s) {
        return AwsConfig.forService(s, AnalyticsConfig.PREFIX);
    }

    static ParquetReports parquet(AnalyticsConfig config) {
        return config.parquet() ? ParquetWriters.create() : null;
    }
}
