package io.sluice.inventory;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.core.consumer.ConsumerLoopConfig;
import io.sluice.db.DatabaseConfig;
import io.sluice.http.HttpServerConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inventory service's configuration. Its own keys live under {@code services.inventory.} (ADR 0007), what
 * services share at the root; the seed's environment variables (SPEC.md §5.3) set them.
 *
 * @param bootstrapServers {@code kafka.bootstrap_servers} (env {@code KAFKA_BOOTSTRAP_SERVERS}), default
 *     {@code localhost:9092}
 * @param topics {@code services.inventory.kafka.topics} (env {@code KAFKA_TOPICS}, comma list), default
 *     {@code dbserver1.public.products,dbserver1.public.order_items}
 * @param store {@code services.inventory.store}: {@code postgres} (default) or {@code dynamodb}
 * @param database {@code database.*} as in {@link DatabaseConfig} (the PostgreSQL store; in {@code up} the embedded
 *     server's default database)
 * @param dynamoDbTable {@code services.inventory.dynamodb.table} (env {@code DYNAMODB_TABLE}), default
 *     {@code inventory-realtime}
 * @param awsRegion {@code services.inventory.aws.region} (env {@code AWS_REGION}), default {@code us-east-1}
 * @param awsEndpointUrl {@code services.inventory.aws.endpoint_url} (env {@code AWS_ENDPOINT_URL}), or null for AWS
 * @param dlqS3Bucket {@code services.inventory.dlq.s3_bucket} (env {@code DLQ_S3_BUCKET}), or null: no S3 copy
 * @param lowStockThreshold {@code services.inventory.low_stock_threshold} (env {@code LOW_STOCK_THRESHOLD}), default
 *     10: a write that takes stock from {@code >=} to {@code <} it raises an alert
 * @param alertTopic {@code services.inventory.alerts.topic}, default {@code inventory.low-stock-alerts}
 * @param pendingMaxWait {@code services.inventory.pending.max_wait} ({@code 10m}, {@code 90s}, {@code 500ms}, ISO
 *     {@code PT10M} or milliseconds), default 10 minutes: an order item whose product is still unknown after this
 *     goes to {@code <topic>.dlq}
 * @param sweepInterval {@code services.inventory.pending.sweep_interval_ms}, default 10000
 * @param createTopics {@code services.inventory.kafka.create_topics} (default true): create the input, dead-letter
 *     and alert topics if missing, with {@code kafka.partitions} (default 3) partitions
 * @param http {@code services.inventory.http.port}, default 8080, or env {@code PORT} when run alone ({@link
 *     #withPort}); 8081 in {@code up} ({@link InventoryProvider}); {@code http.host} at the root
 * @param consumer {@code services.inventory.batch.*}, {@code retry.*}, {@code dlq.*}, {@code kafka.consumer.*} as in
 *     {@link ConsumerLoopConfig#from}; group {@code services.inventory.kafka.group_id} (env {@code KAFKA_GROUP_ID}),
 *     default {@code inventory-service-group}
 */
public record InventoryConfig(
        String bootstrapServers,
        List<String> topics,
        Store store,
        DatabaseConfig database,
        String dynamoDbTable,
        String awsRegion,
        String awsEndpointUrl,
        String dlqS3Bucket,
        int lowStockThreshold,
        String alertTopic,
        Duration pendingMaxWait,
        Duration sweepInterval,
        boolean createTopics,
        int partitions,
        HttpServerConfig http,
        ConsumerLoopConfig consumer) {

    public static final String NAME = "inventory";
    public static final String PREFIX = "services." + NAME;
    /** The seed's service name: metrics tag, dead-letter header, log prefix. */
    public static final String SERVICE = "inventory-service";

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final String DEFAULT_TOPICS = "dbserver1.public.products,dbserver1.public.order_items";

    /**
     * Environment variables (the seed's, SPEC.md §5.3, and the database's) and their keys. {@code PORT} is not among
     * them: in {@code up} it belongs to request events (the first service to claim a variable keeps it); the inventory
     * reads it only when run alone ({@link #withPort}).
     */
    public static final Map<String, String> ENV;

    static {
        Map<String, String> env = new HashMap<>(DatabaseConfig.ENV);
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap_servers");
        env.put("KAFKA_GROUP_ID", PREFIX + ".kafka.group_id");
        env.put("KAFKA_TOPICS", PREFIX + ".kafka.topics");
        env.put("DYNAMODB_TABLE", PREFIX + ".dynamodb.table");
        env.put("AWS_REGION", PREFIX + ".aws.region");
        env.put("AWS_ENDPOINT_URL", PREFIX + ".aws.endpoint_url");
        // Per-service endpoints (the AWS SDKs' own variables), shared keys: see io.sluice.aws.AwsConfig.
        env.put("AWS_ENDPOINT_URL_S3", "aws.endpoint_url_s3");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "aws.endpoint_url_dynamodb");
        env.put("DLQ_S3_BUCKET", PREFIX + ".dlq.s3_bucket");
        env.put("LOW_STOCK_THRESHOLD", PREFIX + ".low_stock_threshold");
        ENV = Map.copyOf(env);
    }

    /** Where the read model lives. */
    public enum Store {
        POSTGRES,
        DYNAMODB
    }

    public InventoryConfig {
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new ConfigException(PREFIX + ".kafka.topics (KAFKA_TOPICS) must name at least one topic");
        }
        if (pendingMaxWait.isNegative() || pendingMaxWait.isZero()) {
            throw new ConfigException(PREFIX + ".pending.max_wait must be positive, got " + pendingMaxWait);
        }
    }

    /**
     * The settings with {@code PORT} (the seed's Service port) as {@code services.inventory.http.port}, for a service
     * run alone: it beats the file, as every environment variable does, and loses to an explicit override.
     */
    public static Settings withPort(Settings s, Map<String, String> env) {
        String port = env.get("PORT");
        String key = PREFIX + ".http.port";
        if (port == null || port.isBlank() || s.origin(key).startsWith("override")) {
            return s;
        }
        return s.with(Map.of(key, port.trim()));
    }

    public static InventoryConfig from(Settings s) {
        String bootstrap = s.string("kafka.bootstrap_servers", "localhost:9092");
        Settings own = s.within(PREFIX);
        String group = own.string("kafka.group_id", "inventory-service-group");
        List<String> topics = Arrays.stream(
                        own.string("kafka.topics", DEFAULT_TOPICS).split(","))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .toList();
        HttpServerConfig shared = HttpServerConfig.from(s, DEFAULT_HTTP_PORT);
        return new InventoryConfig(
                bootstrap,
                topics,
                store(own.string("store", "postgres")),
                DatabaseConfig.from(s),
                own.string("dynamodb.table", "inventory-realtime"),
                own.string("aws.region", "us-east-1"),
                blankToNull(own.optional("aws.endpoint_url").orElse(null)),
                blankToNull(own.optional("dlq.s3_bucket").orElse(null)),
                own.integer("low_stock_threshold", 10, Integer.MIN_VALUE + 1, Integer.MAX_VALUE),
                own.string("alerts.topic", "inventory.low-stock-alerts"),
                duration(PREFIX + ".pending.max_wait", own.string("pending.max_wait", "10m")),
                own.millis("pending.sweep_interval_ms", Duration.ofSeconds(10)),
                own.bool("kafka.create_topics", true),
                own.integer("kafka.partitions", 3, 1, 10_000),
                new HttpServerConfig(
                        shared.host(), own.integer("http.port", DEFAULT_HTTP_PORT, 0, 65535), shared.maxRequestBytes()),
                ConsumerLoopConfig.from(own, SERVICE, bootstrap, group, topics.getFirst())
                        .withTopics(topics));
    }

    private static Store store(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "postgres", "postgresql" -> Store.POSTGRES;
            case "dynamodb" -> Store.DYNAMODB;
            default -> throw new ConfigException(PREFIX + ".store must be postgres or dynamodb, got '" + value + "'");
        };
    }

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    /** {@code 10m}, {@code 90s}, {@code 500ms}, {@code 1h}, ISO-8601 ({@code PT10M}) or plain milliseconds. */
    static Duration duration(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.matches("\\d+")) {
                return Duration.ofMillis(Long.parseLong(v));
            }
            Matcher m = SHORT.matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new ConfigException(
                    key + " must be a duration such as 10m, 90s, 500ms or PT10M, got '" + value + "'");
        }
    }

    /** The pending bound as the dead-letter reason says it ({@code 10m}). */
    String pendingMaxWaitText() {
        Duration d = pendingMaxWait;
        if (d.toMillis() % 3_600_000 == 0) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
