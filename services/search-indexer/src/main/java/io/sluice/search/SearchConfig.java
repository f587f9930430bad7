package io.sluice.search;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.core.consumer.ConsumerLoopConfig;
import io.sluice.db.DatabaseConfig;
import io.sluice.http.HttpServerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The search indexer's configuration. Its own keys live under {@code services.search-indexer.} (ADR 0007), what
 * services share at the root; the seed's environment variables (SPEC.md §5.5) set them.
 *
 * @param bootstrapServers {@code kafka.bootstrap_servers} (env {@code KAFKA_BOOTSTRAP_SERVERS}), default
 *     {@code localhost:9092}
 * @param topic {@code services.search-indexer.kafka.topic} (env {@code KAFKA_TOPIC}), default
 *     {@code dbserver1.public.products}
 * @param store {@code services.search-indexer.store}: {@code postgres} (default) or {@code dynamodb}
 * @param database {@code database.*} as in {@link DatabaseConfig} (the PostgreSQL store; in {@code up} the embedded
 *     server's default database; tables {@code search_*}, offsets in {@code sluice_offsets})
 * @param dynamoDbTable {@code services.search-indexer.dynamodb.table} (env {@code DYNAMODB_TABLE}), default
 *     {@code product-search-index}
 * @param awsRegion {@code services.search-indexer.aws.region} (env {@code AWS_REGION}), default {@code us-east-1}
 * @param awsEndpointUrl {@code services.search-indexer.aws.endpoint_url} (env {@code AWS_ENDPOINT_URL}), or null for
 *     AWS
 * @param dlqS3Bucket {@code services.search-indexer.dlq.s3_bucket} (env {@code DLQ_S3_BUCKET}), or null: no S3 copy
 * @param tombstoneRetention {@code services.search-indexer.tombstone_retention} ({@code 7d}, {@code 12h}, {@code 10m},
 *     {@code 90s}, {@code 500ms}, ISO {@code P7D} or milliseconds), default 7 days: how long a deletion's tombstone
 *     keeps late updates out; keep it above the longest lag or replay window of the topic
 * @param tombstoneSweepInterval {@code services.search-indexer.tombstone_sweep_interval} (same forms), default 10
 *     minutes: how often tombstones past the retention are purged
 * @param createTopics {@code services.search-indexer.kafka.create_topics} (default true): create the input and
 *     dead-letter topics if missing, with {@code kafka.partitions} (default 3) partitions
 * @param http {@code services.search-indexer.http.port}, default 8080, or env {@code PORT} when run alone ({@link
 *     #withPort}); 8082 in {@code up} ({@link SearchProvider}); {@code http.host} at the root
 * @param consumer {@code services.search-indexer.batch.*}, {@code retry.*}, {@code dlq.*}, {@code kafka.consumer.*}
 *     as in {@link ConsumerLoopConfig#from}; group {@code services.search-indexer.kafka.group_id} (env
 *     {@code KAFKA_GROUP_ID}), default {@code search-indexer-group}
 */
public record SearchConfig(
        String bootstrapServers,
        String topic,
        Store store,
        DatabaseConfig database,
        String dynamoDbTable,
        String awsRegion,
        String awsEndpointUrl,
        String dlqS3Bucket,
        Duration tombstoneRetention,
        Duration tombstoneSweepInterval,
        boolean createTopics,
        int partitions,
        HttpServerConfig http,
        ConsumerLoopConfig consumer) {

    public static final String NAME = "search-indexer";
    public static final String PREFIX = "services." + NAME;
    /** The seed's service name: metrics tag, dead-letter header, log prefix. */
    public static final String SERVICE = "search-indexer";

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final String DEFAULT_TOPIC = "dbserver1.public.products";

    /**
     * Environment variables (the seed's, SPEC.md §5.5, and the database's) and their keys. {@code PORT} is not among
     * them: the indexer reads it only when run alone ({@link #withPort}). In {@code up} the first service to claim a
     * variable keeps it, so there the inventory's {@code KAFKA_GROUP_ID}, {@code DYNAMODB_TABLE} and {@code AWS_*}
     * are not the indexer's; set the keys instead.
     */
    public static final Map<String, String> ENV;

    static {
        Map<String, String> env = new HashMap<>(DatabaseConfig.ENV);
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap_servers");
        env.put("KAFKA_GROUP_ID", PREFIX + ".kafka.group_id");
        env.put("KAFKA_TOPIC", PREFIX + ".kafka.topic");
        env.put("DYNAMODB_TABLE", PREFIX + ".dynamodb.table");
        env.put("AWS_REGION", PREFIX + ".aws.region");
        env.put("AWS_ENDPOINT_URL", PREFIX + ".aws.endpoint_url");
        // Per-service endpoints (the AWS SDKs' own variables), shared keys: see io.sluice.aws.AwsConfig.
        env.put("AWS_ENDPOINT_URL_S3", "aws.endpoint_url_s3");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "aws.endpoint_url_dynamodb");
        env.put("DLQ_S3_BUCKET", PREFIX + ".dlq.s3_bucket");
        ENV = Map.copyOf(env);
    }

    /** Where the index lives. */
    public enum Store {
        POSTGRES,
        DYNAMODB
    }

    public SearchConfig {
        if (topic == null || topic.isBlank()) {
            throw new ConfigException(PREFIX + ".kafka.topic (KAFKA_TOPIC) must name a topic");
        }
        positive("tombstone_retention", tombstoneRetention);
        positive("tombstone_sweep_interval", tombstoneSweepInterval);
    }

    private static void positive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(PREFIX + "." + key + " must be positive, got " + d);
        }
    }

    /**
     * The settings with {@code PORT} (the seed's Service port) as {@code services.search-indexer.http.port}, for a
     * service run alone: it beats the file, as every environment variable does, and loses to an explicit override.
     */
    public static Settings withPort(Settings s, Map<String, String> env) {
        String port = env.get("PORT");
        String key = PREFIX + ".http.port";
        if (port == null || port.isBlank() || s.origin(key).startsWith("override")) {
            return s;
        }
        return s.with(Map.of(key, port.trim()));
    }

    public static SearchConfig from(Settings s) {
        String bootstrap = s.string("kafka.bootstrap_servers", "localhost:9092");
        Settings own = s.within(PREFIX);
        String group = own.string("kafka.group_id", "search-indexer-group");
        String topic = own.string("kafka.topic", DEFAULT_TOPIC).trim();
        HttpServerConfig shared = HttpServerConfig.from(s, DEFAULT_HTTP_PORT);
        return new SearchConfig(
                bootstrap,
                topic,
                store(own.string("store", "postgres")),
                DatabaseConfig.from(s),
                own.string("dynamodb.table", "product-search-index"),
                own.string("aws.region", "us-east-1"),
                blankToNull(own.optional("aws.endpoint_url").orElse(null)),
                blankToNull(own.optional("dlq.s3_bucket").orElse(null)),
                duration(PREFIX + ".tombstone_retention", own.string("tombstone_retention", "7d")),
                duration(PREFIX + ".tombstone_sweep_interval", own.string("tombstone_sweep_interval", "10m")),
                own.bool("kafka.create_topics", true),
                own.integer("kafka.partitions", 3, 1, 10_000),
                new HttpServerConfig(
                        shared.host(), own.integer("http.port", DEFAULT_HTTP_PORT, 0, 65535), shared.maxRequestBytes()),
                ConsumerLoopConfig.from(own, SERVICE, bootstrap, group, topic));
    }

    private static Store store(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "postgres", "postgresql" -> Store.POSTGRES;
            case "dynamodb" -> Store.DYNAMODB;
            default -> throw new ConfigException(PREFIX + ".store must be postgres or dynamodb, got '" + value + "'");
        };
    }

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /** {@code 7d}, {@code 12h}, {@code 10m}, {@code 90s}, {@code 500ms}, ISO-8601 ({@code P7D}) or plain millis. */
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
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new ConfigException(
                    key + " must be a duration such as 7d, 12h, 10m, 90s, 500ms or P7D, got '" + value + "'");
        }
    }

    /** A duration as the config takes it: {@code 7d}, {@code 12h}, {@code 10m}, {@code 90s}, {@code 500ms}. */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return d.toDays() + "d";
        }
        if (ms % 3_600_000 == 0) {
            return d.toHours() + "h";
        }
        if (ms % 60_000 == 0) {
            return d.toMinutes() + "m";
        }
        return ms % 1000 == 0 ? d.toSeconds() + "s" : ms + "ms";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
