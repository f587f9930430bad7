package io.sluice.analytics;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.core.kafka.KafkaSecurity;
import io.sluice.http.HttpServerConfig;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The analytics service's configuration. Its own keys live under {@code services.analytics.} (ADR 0007), what
 * services share at the root; the seed's environment variables (SPEC.md §5.4) set them.
 *
 * @param bootstrapServers {@code kafka.bootstrap_servers} (env {@code KAFKA_BOOTSTRAP_SERVERS}), default
 *     {@code localhost:9092}
 * @param applicationId {@code services.analytics.kafka.group_id} (env {@code KAFKA_GROUP_ID}), default {@code
 *     analytics-service-group}: the Kafka Streams {@code application.id}, so the consumer group, the prefix of its
 *     internal topics and the transactional ids. Instances with the same id share the work
 * @param topics {@code services.analytics.kafka.topics} (env {@code KAFKA_TOPICS}, comma list), default {@code
 *     dbserver1.public.orders,dbserver1.public.order_items}
 * @param s3Bucket {@code services.analytics.s3_bucket} (env {@code S3_BUCKET}); null: reports are not written (a
 *     warning at each flush, as the seed); {@code sluice-data-lake} in {@code up}
 * @param awsRegion {@code services.analytics.aws.region} (env {@code AWS_REGION}), default {@code us-east-1}
 * @param awsEndpointUrl {@code services.analytics.aws.endpoint_url} (env {@code AWS_ENDPOINT_URL}), or null for AWS
 * @param flushInterval {@code services.analytics.flush_interval} (env {@code FLUSH_INTERVAL}): seconds as the seed
 *     ({@code 300}), or {@code 5m}, {@code 90s}, {@code 500ms}, ISO {@code PT5M}; default 300 s
 * @param zone {@code services.analytics.time_zone} (env {@code ANALYTICS_TIME_ZONE}), default {@code UTC}: the zone of
 *     the {@code daily_sales} dates and of the hourly windows
 * @param hourlyGrace {@code services.analytics.hourly.grace}, default {@code 5m}: an hour is written once its end plus
 *     this has passed on the wall clock
 * @param hourlyCheck {@code services.analytics.hourly.check_interval}, default {@code 10s}: how often that is checked
 * @param hourlyRetention {@code services.analytics.hourly.retention}, default {@code 7d} ({@code 168h}): how long a
 *     written hour is kept in the emitter's store
 * @param topN {@code services.analytics.top_n}, default 100: the {@code product_sales} and {@code customer_metrics}
 *     reports' length
 * @param parquet {@code services.analytics.reports.parquet}, default false: each report also as {@code .parquet}
 * @param stateDir {@code services.analytics.state_dir} (env {@code ANALYTICS_STATE_DIR}), default {@code <data dir>/analytics/streams}: Kafka Streams'
 *     local state (RocksDB); disposable, rebuilt from the changelog topics
 * @param streamThreads {@code services.analytics.streams.threads}, default 1
 * @param advertisedHost {@code services.analytics.advertised_host} (env {@code ANALYTICS_ADVERTISED_HOST}), default
 *     {@code localhost}: how the other instances of the application reach this one's HTTP port to read its figures
 *     (Kafka Streams' {@code application.server}); the pod IP on Kubernetes
 * @param sessionTimeout {@code services.analytics.kafka.session_timeout_ms}, default 45000 (Kafka's): how long the
 *     group waits for an instance that stopped answering (killed) before its partitions move
 * @param createTopics {@code services.analytics.kafka.create_topics} (default true): create the input and dead-letter
 *     topics if missing, with {@code services.analytics.kafka.partitions} (default 3) partitions
 * @param streamsProperties {@code services.analytics.kafka.streams.*}: any Kafka Streams property, passed as is
 *     (for example {@code commit.interval.ms}, {@code statestore.cache.max.bytes}); it cannot change what the service
 *     relies on (the exactly-once guarantee, the application id, the state directory, the handlers)
 * @param security {@code kafka.security.protocol}, {@code kafka.sasl.*}, {@code kafka.ssl.*} ({@link KafkaSecurity})
 * @param http {@code services.analytics.http.port}, default 8080, or env {@code PORT} when run alone ({@link
 *     #withPort}); 8083 in {@code up} ({@link AnalyticsProvider}); {@code http.host} at the root
 */
public record AnalyticsConfig(
        String bootstrapServers,
        String applicationId,
        List<String> topics,
        String s3Bucket,
        String awsRegion,
        String awsEndpointUrl,
        Duration flushInterval,
        ZoneId zone,
        Duration hourlyGrace,
        Duration hourlyCheck,
        Duration hourlyRetention,
        int topN,
        boolean parquet,
        Path stateDir,
        int streamThreads,
        String advertisedHost,
        Duration sessionTimeout,
        boolean createTopics,
        int partitions,
        Map<String, String> streamsProperties,
        KafkaSecurity security,
        HttpServerConfig http) {

    public static final String NAME = "analytics";
    public static final String PREFIX = "services." + NAME;
    /** The seed's service name: metrics tag, dead-letter header, log prefix. */
    public static final String SERVICE = "analytics-service";

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final String DEFAULT_TOPICS = "dbserver1.public.orders,dbserver1.public.order_items";

    /** Environment variables (the seed's, SPEC.md §5.4) and their keys; {@code PORT} only alone ({@link #withPort}). */
    public static final Map<String, String> ENV;

    static {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap_servers");
        env.put("KAFKA_GROUP_ID", PREFIX + ".kafka.group_id");
        env.put("KAFKA_TOPICS", PREFIX + ".kafka.topics");
        env.put("S3_BUCKET", PREFIX + ".s3_bucket");
        env.put("AWS_REGION", PREFIX + ".aws.region");
        env.put("AWS_ENDPOINT_URL", PREFIX + ".aws.endpoint_url");
        env.put("AWS_ENDPOINT_URL_S3", "aws.endpoint_url_s3");
        env.put("FLUSH_INTERVAL", PREFIX + ".flush_interval");
        env.put("ANALYTICS_TIME_ZONE", PREFIX + ".time_zone");
        env.put("ANALYTICS_STATE_DIR", PREFIX + ".state_dir");
        env.put("ANALYTICS_ADVERTISED_HOST", PREFIX + ".advertised_host");
        ENV = Map.copyOf(env);
    }

    public AnalyticsConfig {
        topics = List.copyOf(topics);
        streamsProperties = Map.copyOf(streamsProperties);
        if (topics.isEmpty()) {
            throw new ConfigException(PREFIX + ".kafka.topics (KAFKA_TOPICS) must name at least one topic");
        }
        positive(PREFIX + ".flush_interval (FLUSH_INTERVAL)", flushInterval);
        positive(PREFIX + ".hourly.check_interval", hourlyCheck);
        positive(PREFIX + ".hourly.retention", hourlyRetention);
        if (hourlyGrace.isNegative()) {
            throw new ConfigException(PREFIX + ".hourly.grace must not be negative, got " + hourlyGrace);
        }
    }

    /** The settings with {@code PORT} as {@code services.analytics.http.port}, for the service run alone. */
    public static Settings withPort(Settings s, Map<String, String> env) {
        String port = env.get("PORT");
        String key = PREFIX + ".http.port";
        if (port == null || port.isBlank() || s.origin(key).startsWith("override")) {
            return s;
        }
        return s.with(Map.of(key, port.trim()));
    }

    /**
     * The configuration.
     *
     * @param dataDir where local state goes unless {@code services.analytics.state_dir} says
     */
    public static AnalyticsConfig from(Settings s, Path dataDir) {
        Settings own = s.within(PREFIX);
        List<String> topics = Arrays.stream(
                        own.string("kafka.topics", DEFAULT_TOPICS).split(","))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .toList();
        HttpServerConfig shared = HttpServerConfig.from(s, DEFAULT_HTTP_PORT);
        return new AnalyticsConfig(
                s.string("kafka.bootstrap_servers", "localhost:9092"),
                own.string("kafka.group_id", "analytics-service-group").trim(),
                topics,
                blankToNull(own.optional("s3_bucket").orElse(null)),
                own.string("aws.region", "us-east-1"),
                blankToNull(own.optional("aws.endpoint_url").orElse(null)),
                duration(PREFIX + ".flush_interval", own.string("flush_interval", "300"), true),
                zone(own.string("time_zone", "UTC")),
                duration(PREFIX + ".hourly.grace", own.string("hourly.grace", "5m"), false),
                duration(PREFIX + ".hourly.check_interval", own.string("hourly.check_interval", "10s"), false),
                duration(PREFIX + ".hourly.retention", own.string("hourly.retention", "168h"), false),
                own.integer("top_n", 100, 1, 100_000),
                own.bool("reports.parquet", false),
                Path.of(own.string(
                        "state_dir", dataDir.resolve(NAME).resolve("streams").toString())),
                own.integer("streams.threads", 1, 1, 64),
                own.string("advertised_host", "localhost").trim(),
                own.millis("kafka.session_timeout_ms", Duration.ofSeconds(45)),
                own.bool("kafka.create_topics", true),
                own.integer("kafka.partitions", 3, 1, 10_000),
                own.section("kafka.streams"),
                KafkaSecurity.from(s),
                new HttpServerConfig(
                        shared.host(),
                        own.integer("http.port", DEFAULT_HTTP_PORT, 0, 65535),
                        shared.maxRequestBytes(),
                        shared.maxPageBytes(),
                        shared.access()));
    }

    private static ZoneId zone(String value) {
        try {
            return ZoneId.of(value.trim());
        } catch (DateTimeException e) {
            throw new ConfigException(PREFIX + ".time_zone (ANALYTICS_TIME_ZONE) must be a zone id such as UTC or"
                    + " Europe/Paris, got '" + value + "'");
        }
    }

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /**
     * {@code 5m}, {@code 90s}, {@code 500ms}, {@code 1h}, {@code 7d}, ISO-8601 ({@code PT5M}), or a plain number: seconds
     * when {@code plainSeconds} (the seed's {@code FLUSH_INTERVAL}), else milliseconds.
     */
    static Duration duration(String key, String value, boolean plainSeconds) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.matches("\\d+")) {
                long n = Long.parseLong(v);
                return plainSeconds ? Duration.ofSeconds(n) : Duration.ofMillis(n);
            }
            Matcher m = SHORT.matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new ConfigException(
                    key + " must be a duration such as 300 (seconds), 5m, 90s, 500ms or PT5M, got '" + value + "'");
        }
    }

    private static void positive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(key + " must be positive, got " + d);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
