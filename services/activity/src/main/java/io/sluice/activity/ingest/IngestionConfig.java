package io.sluice.activity.ingest;

import io.sluice.activity.EnrichedEvent;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.http.HttpServerConfig;
import io.sluice.producer.EmitterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The activity ingestion service's configuration. Its own keys live under {@code services.activity-ingestion.}
 * (ADR 0007), what services share at the root.
 *
 * @param bootstrapServers {@code kafka.bootstrap_servers} (env {@code KAFKA_BROKERS}), default {@code
 *     localhost:9092}
 * @param topic {@code services.activity-ingestion.topic} (env {@code KAFKA_TOPIC}), default {@code
 *     user-activity-events}
 * @param partitions {@code services.activity-ingestion.partitions}: partitions when the service creates the topic
 *     (and its {@code .dlq}, which the processor writes), default 6
 * @param environment {@code services.activity-ingestion.environment} (env {@code ENVIRONMENT}), default {@code
 *     development}: {@code service_info.environment}
 * @param compression {@code services.activity-ingestion.compression}: {@code snappy} (default, as the seed), {@code
 *     none}, {@code gzip}, {@code lz4} or {@code zstd}
 * @param maxEventBytes {@code services.activity-ingestion.max_event_bytes}, default 32768: a larger event is refused
 *     (413 on {@code POST /events}, a rejected result in a batch)
 * @param maxRequestBytes {@code services.activity-ingestion.max_request_bytes}, default 1048576: a larger body is
 *     refused with 413
 * @param maxBatchEvents {@code services.activity-ingestion.max_batch_events}, default 500
 * @param dedupeWindow {@code services.activity-ingestion.dedupe_window} ({@code 10m}, {@code 90s}, {@code 500ms},
 *     ISO {@code PT10M} or milliseconds), default 10 minutes: a client {@code event_id} seen again within it is
 *     acknowledged and not produced again. Per instance, in memory; 0 turns it off
 * @param dedupeMaxEntries {@code services.activity-ingestion.dedupe_max_entries}, default 200000: the most ids
 *     remembered (the oldest are forgotten first), which bounds the memory (about 150 bytes an id)
 * @param ackTimeout {@code services.activity-ingestion.ack_timeout_ms}, default 15000: the longest a request waits for
 *     its events to be acknowledged by Kafka or spilled before it answers 503
 * @param retryAfter {@code services.activity-ingestion.retry_after_s}, default 1: the {@code Retry-After} of a 503
 * @param produce {@code services.activity-ingestion.produce}, default true; false answers as if every event were
 *     acknowledged without producing anything: only for the benchmark's HTTP ceiling
 * @param http {@code services.activity-ingestion.http.port}, default 9094, or env {@code PORT} when run alone
 *     ({@link #withPort}); {@code http.host} at the root
 * @param emitter the producer's keys under {@code services.activity-ingestion.} as in {@link EmitterConfig} ({@code
 *     queue_capacity} default 50000 here, {@code spill.path} default {@code ./data/activity-ingestion.spill}, {@code
 *     spill.max_bytes}, {@code spill.fsync}, {@code kafka.delivery_timeout_ms}, pass-through {@code
 *     kafka.producer.*}, where {@code linger.ms} defaults to 5 and {@code compression.type} to {@code compression})
 */
public record IngestionConfig(
        String bootstrapServers,
        String topic,
        int partitions,
        String environment,
        String compression,
        int maxEventBytes,
        int maxRequestBytes,
        int maxBatchEvents,
        Duration dedupeWindow,
        int dedupeMaxEntries,
        Duration ackTimeout,
        int retryAfter,
        boolean produce,
        HttpServerConfig http,
        EmitterConfig emitter) {

    public static final String NAME = "activity-ingestion";
    public static final String PREFIX = "services." + NAME;
    /** The seed's name: {@code service_info.service_name}, the metrics tag, the log prefix. */
    public static final String SERVICE = "ingestion-service";

    public static final int DEFAULT_HTTP_PORT = 9094;
    static final List<String> COMPRESSIONS = List.of("none", "gzip", "snappy", "lz4", "zstd");

    /**
     * Environment variables and their keys. {@code PORT} is not among them: in {@code up} it belongs to request
     * events; this service reads it only when run alone ({@link #withPort}).
     */
    public static final Map<String, String> ENV = Map.of(
            "KAFKA_BROKERS", "kafka.bootstrap_servers",
            "KAFKA_TOPIC", PREFIX + ".topic",
            "ENVIRONMENT", PREFIX + ".environment");

    public IngestionConfig {
        if (topic.isBlank()) {
            throw new ConfigException(PREFIX + ".topic (KAFKA_TOPIC) must not be blank");
        }
        if (!COMPRESSIONS.contains(compression)) {
            throw new ConfigException(PREFIX + ".compression must be one of " + String.join(", ", COMPRESSIONS)
                    + ", got '" + compression + "'");
        }
        if (maxEventBytes > maxRequestBytes) {
            throw new ConfigException(PREFIX + ".max_event_bytes (" + maxEventBytes
                    + ") must not exceed max_request_bytes (" + maxRequestBytes + ")");
        }
        if (dedupeWindow.isNegative()) {
            throw new ConfigException(PREFIX + ".dedupe_window must not be negative, got " + dedupeWindow);
        }
    }

    /**
     * The settings with {@code PORT} as {@code services.activity-ingestion.http.port}, for a service run alone: it
     * beats the file, as every environment variable does, and loses to an explicit override.
     */
    public static Settings withPort(Settings s, Map<String, String> env) {
        String port = env.get("PORT");
        String key = PREFIX + ".http.port";
        if (port == null || port.isBlank() || s.origin(key).startsWith("override")) {
            return s;
        }
        return s.with(Map.of(key, port.trim()));
    }

    public static IngestionConfig from(Settings s) {
        return from(s, Path.of("./data"));
    }

    /** @param dataDir where the spill file goes unless {@code spill.path} says otherwise */
    public static IngestionConfig from(Settings s, Path dataDir) {
        String bootstrap = s.string("kafka.bootstrap_servers", "localhost:9092");
        Settings own = s.within(PREFIX);
        String compression = own.string("compression", "snappy").trim().toLowerCase(Locale.ROOT);
        Map<String, String> producerDefaults = new HashMap<>();
        producerDefaults.put(PREFIX + ".kafka.producer.compression.type", compression);
        producerDefaults.put(PREFIX + ".kafka.producer.linger.ms", "5");
        producerDefaults.put(PREFIX + ".queue_capacity", "50000");
        Settings withProducer = s.withDefaults(producerDefaults);
        HttpServerConfig shared = HttpServerConfig.from(s, DEFAULT_HTTP_PORT);
        int maxRequest = own.integer("max_request_bytes", 1 << 20, 1024, 64 << 20);
        return new IngestionConfig(
                bootstrap,
                own.string("topic", EnrichedEvent.TOPIC).trim(),
                own.integer("partitions", 6, 1, 10_000),
                own.string("environment", "development"),
                compression,
                own.integer("max_event_bytes", 32 * 1024, 64, 64 << 20),
                maxRequest,
                own.integer("max_batch_events", 500, 1, 100_000),
                duration(PREFIX + ".dedupe_window", own.string("dedupe_window", "10m")),
                own.integer("dedupe_max_entries", 200_000, 1, 100_000_000),
                own.millis("ack_timeout_ms", Duration.ofSeconds(15)),
                own.integer("retry_after_s", 1, 1, 3600),
                own.bool("produce", true),
                // The server's own cap sits above the API's, so that the API answers its 413 with both limits.
                new HttpServerConfig(
                        shared.host(),
                        own.integer("http.port", DEFAULT_HTTP_PORT, 0, 65535),
                        Math.max(shared.maxRequestBytes(), maxRequest + 1024L),
                        shared.maxPageBytes(),
                        shared.access()),
                EmitterConfig.from(
                        withProducer, PREFIX + ".", SERVICE, bootstrap, dataDir.resolve("activity-ingestion.spill")));
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
}
