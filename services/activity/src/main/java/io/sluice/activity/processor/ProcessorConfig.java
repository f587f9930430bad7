package io.sluice.activity.processor;

import io.sluice.activity.EnrichedEvent;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.core.consumer.ConsumerLoopConfig;
import io.sluice.db.DatabaseConfig;
import io.sluice.http.HttpServerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The activity processor's configuration. Its own keys live under {@code services.activity-processor.} (ADR 0007),
 * what services share at the root; the seed's environment variables (SPEC.md §3) set them.
 *
 * @param bootstrapServers {@code kafka.bootstrap_servers} (env {@code KAFKA_BROKERS}), default {@code localhost:9092}
 * @param topic {@code services.activity-processor.kafka.topic} (env {@code KAFKA_TOPIC}), default {@code
 *     user-activity-events}; dead letters go to {@code <topic>.dlq}
 * @param environment {@code services.activity-processor.environment} (env {@code ENVIRONMENT}), default {@code
 *     development}: there each event is logged at INFO ({@code Processing event: <type>}), elsewhere at DEBUG
 * @param maxRetries {@code services.activity-processor.kafka.max_retries} (env {@code MAX_RETRIES}), default 5: how
 *     many times the start tries to reach Kafka before it gives up (the service then fails to start, and {@code run}
 *     exits non-zero)
 * @param retryDelay {@code services.activity-processor.kafka.retry_delay} (env {@code RETRY_DELAY}, whole seconds),
 *     default 10: the pause between those attempts
 * @param connectTimeout {@code services.activity-processor.kafka.connect_timeout_ms}, default 5000: how long one
 *     attempt waits for the broker's answer
 * @param autoCommitRequested {@code services.activity-processor.kafka.enable_auto_commit} (env {@code
 *     ENABLE_AUTO_COMMIT}): accepted for the seed's sake and ignored; offsets are always stored in PostgreSQL in the
 *     transaction of the rows they produced (exactly-once), and the start says so once when it is set
 * @param readFromBeginning {@code services.activity-processor.read_from_beginning} (the seed's {@code
 *     --read-from-beginning}), default false: on start, every partition is read again from its oldest record, whatever
 *     was stored (replays change nothing: an event id is stored once)
 * @param createTopics {@code services.activity-processor.kafka.create_topics} (default true): create the topic and
 *     its dead-letter topic when missing, with {@code services.activity-processor.kafka.partitions} (default 6)
 * @param database {@code database.*} as in {@link DatabaseConfig}
 * @param http {@code services.activity-processor.http.port}, default 8080, or env {@code PORT} when run alone
 *     ({@link #withPort}); 8084 in {@code up} ({@link ProcessorProvider})
 * @param consumer {@code services.activity-processor.batch.*}, {@code retry.*}, {@code dlq.*}, {@code
 *     kafka.consumer.*} (env {@code AUTO_OFFSET_RESET} sets {@code kafka.consumer.auto.offset.reset}) as in {@link
 *     ConsumerLoopConfig#from}; group {@code services.activity-processor.kafka.group_id} (env {@code KAFKA_GROUP_ID}),
 *     default {@code processing-service-group}
 */
public record ProcessorConfig(
        String bootstrapServers,
        String topic,
        String environment,
        int maxRetries,
        Duration retryDelay,
        Duration connectTimeout,
        String autoCommitRequested,
        boolean readFromBeginning,
        boolean createTopics,
        int partitions,
        DatabaseConfig database,
        HttpServerConfig http,
        ConsumerLoopConfig consumer) {

    public static final String NAME = "activity-processor";
    public static final String PREFIX = "services." + NAME;
    /** The seed's service name: metrics tag, dead-letter header, the banner. */
    public static final String SERVICE = "processing-service";

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final String DEFAULT_GROUP = "processing-service-group";
    static final String READ_FROM_BEGINNING = PREFIX + ".read_from_beginning";

    /**
     * The seed's environment variables and the database's. {@code PORT} is not among them: in {@code up} it belongs to
     * request events; the processor reads it only when run alone ({@link #withPort}).
     */
    public static final Map<String, String> ENV;

    static {
        Map<String, String> env = new HashMap<>(DatabaseConfig.ENV);
        env.put("KAFKA_BROKERS", "kafka.bootstrap_servers");
        env.put("KAFKA_TOPIC", PREFIX + ".kafka.topic");
        env.put("KAFKA_GROUP_ID", PREFIX + ".kafka.group_id");
        env.put("AUTO_OFFSET_RESET", PREFIX + ".kafka.consumer.auto.offset.reset");
        env.put("ENABLE_AUTO_COMMIT", PREFIX + ".kafka.enable_auto_commit");
        env.put("MAX_RETRIES", PREFIX + ".kafka.max_retries");
        env.put("RETRY_DELAY", PREFIX + ".kafka.retry_delay");
        env.put("ENVIRONMENT", PREFIX + ".environment");
        ENV = Map.copyOf(env);
    }

    public ProcessorConfig {
        if (topic.isBlank()) {
            throw new ConfigException(PREFIX + ".kafka.topic (KAFKA_TOPIC) must name a topic");
        }
    }

    /** Whether each event is logged at INFO (the seed's development mode) rather than DEBUG. */
    public boolean development() {
        return environment.toLowerCase(Locale.ROOT).startsWith("dev");
    }

    /**
     * The settings with {@code PORT} as {@code services.activity-processor.http.port}, for a service run alone: it beats
     * the file, as every environment variable does, and loses to an explicit override.
     */
    public static Settings withPort(Settings s, Map<String, String> env) {
        String port = env.get("PORT");
        String key = PREFIX + ".http.port";
        if (port == null || port.isBlank() || s.origin(key).startsWith("override")) {
            return s;
        }
        return s.with(Map.of(key, port.trim()));
    }

    public static ProcessorConfig from(Settings s) {
        String bootstrap = s.string("kafka.bootstrap_servers", "localhost:9092");
        Settings own = s.within(PREFIX);
        String topic = own.string("kafka.topic", EnrichedEvent.TOPIC).trim();
        String group = own.string("kafka.group_id", DEFAULT_GROUP).trim();
        boolean fromBeginning = own.bool("read_from_beginning", false);
        HttpServerConfig shared = HttpServerConfig.from(s, DEFAULT_HTTP_PORT);
        ConsumerLoopConfig consumer = ConsumerLoopConfig.from(own, SERVICE, bootstrap, group, topic);
        String reset = consumer.kafkaProperties().get("auto.offset.reset");
        if (reset != null && !reset.matches("earliest|latest|none")) {
            throw new ConfigException(PREFIX + ".kafka.consumer.auto.offset.reset (AUTO_OFFSET_RESET) must be earliest,"
                    + " latest or none, got '" + reset + "'");
        }
        if (fromBeginning) {
            consumer = fromBeginning(consumer);
        }
        return new ProcessorConfig(
                bootstrap,
                topic,
                own.string("environment", "development").trim(),
                own.integer("kafka.max_retries", 5, 1, 1_000_000),
                Duration.ofSeconds(own.integer("kafka.retry_delay", 10, 0, 86_400)),
                own.millis("kafka.connect_timeout_ms", Duration.ofSeconds(5)),
                own.optional("kafka.enable_auto_commit").orElse(null),
                fromBeginning,
                own.bool("kafka.create_topics", true),
                own.integer("kafka.partitions", 6, 1, 10_000),
                DatabaseConfig.from(s),
                new HttpServerConfig(
                        shared.host(), own.integer("http.port", DEFAULT_HTTP_PORT, 0, 65535), shared.maxRequestBytes()),
                consumer);
    }

    /** Offset 0 past the log start must reset to the oldest record kept, whatever AUTO_OFFSET_RESET says. */
    private static ConsumerLoopConfig fromBeginning(ConsumerLoopConfig c) {
        Map<String, String> props = new HashMap<>(c.kafkaProperties());
        props.put("auto.offset.reset", "earliest");
        return new ConsumerLoopConfig(
                c.service(),
                c.bootstrapServers(),
                c.groupId(),
                c.subscription(),
                c.maxRecords(),
                c.maxBytes(),
                c.linger(),
                c.maxWait(),
                c.initialBackoff(),
                c.maxBackoff(),
                c.shutdownTimeout(),
                props,
                c.deadLetter(),
                c.security());
    }
}
