package io.sluice.textwriter;

import io.sluice.core.config.Settings;
import io.sluice.core.consumer.ConsumerLoopConfig;
import io.sluice.db.DatabaseConfig;
import io.sluice.http.HttpServerConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The text writer's configuration, read from {@link Settings} (see docs/adr/0003-config-precedence.md).
 *
 * <p>Keys (the original's {@code config.yaml} layout, docs/origins.md#text-writer-configuration): {@code kafka.bootstrap_servers} (env
 * {@code KAFKA_BOOTSTRAP_SERVERS}, default {@code localhost:9092}), {@code kafka.input_topic} (env
 * {@code KAFKA_INPUT_TOPIC}, default {@code text-messages}), {@code kafka.consumer_group} (env
 * {@code KAFKA_CONSUMER_GROUP}, default {@code text-writer-service}), {@code kafka.partitions} (partitions when
 * the service creates its topic, default 3), {@code kafka.create_topics} (default true); {@code database.*} as in
 * {@link DatabaseConfig}; {@code http.*} as in {@link HttpServerConfig} (port 5001, env {@code HTTP_PORT});
 * batching and retry keys as in {@link ConsumerLoopConfig#from}.
 */
public record TextWriterConfig(
        String bootstrapServers,
        String topic,
        int partitions,
        boolean createTopics,
        DatabaseConfig database,
        HttpServerConfig http,
        ConsumerLoopConfig consumer) {

    public static final String SERVICE = "text-writer-service";
    public static final int DEFAULT_HTTP_PORT = 5001;

    /** Environment variables this service reads, and the keys they set. */
    public static final Map<String, String> ENV;

    static {
        Map<String, String> env = new HashMap<>(DatabaseConfig.ENV);
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap_servers");
        env.put("KAFKA_INPUT_TOPIC", "kafka.input_topic");
        env.put("KAFKA_CONSUMER_GROUP", "kafka.consumer_group");
        env.put("HTTP_PORT", "http.port");
        ENV = Map.copyOf(env);
    }

    /**
     * {@code batch.max_records} of the text writer: a backlog is stored in transactions of up to 20,000 rows (a fifth
     * of the commits of the platform's 5,000; +9 % in the side-by-side benchmark, docs/benchmarks.md). Below a backlog
     * a batch is what arrived while the previous one was written, so the cap adds no latency.
     */
    static final int DEFAULT_BATCH_RECORDS = 20_000;

    public static TextWriterConfig from(Settings s) {
        String bootstrap = s.string("kafka.bootstrap_servers", "localhost:9092");
        String topic = s.string("kafka.input_topic", "text-messages");
        String group = s.string("kafka.consumer_group", "text-writer-service");
        return new TextWriterConfig(
                bootstrap,
                topic,
                s.integer("kafka.partitions", 3, 1, 10_000),
                s.bool("kafka.create_topics", true),
                DatabaseConfig.from(s),
                HttpServerConfig.from(s, DEFAULT_HTTP_PORT),
                ConsumerLoopConfig.from(
                        s.withDefaults(Map.of("batch.max_records", Integer.toString(DEFAULT_BATCH_RECORDS))),
                        SERVICE,
                        bootstrap,
                        group,
                        topic));
    }
}
