package io.sluice.requestevents;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.core.consumer.ConsumerLoopConfig;
import io.sluice.core.kafka.KafkaSecurity;
import io.sluice.http.HttpAccess;
import io.sluice.http.HttpServerConfig;
import io.sluice.http.TrustedProxies;
import io.sluice.producer.EmitterConfig;
import io.sluice.tracing.TracingConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request-events service's configuration (the original: docs/origins.md#request-events-configuration), read from {@link Settings}. Every key but the shared
 * {@code kafka.bootstrap_servers} lives in the {@code events} section, so that {@code sluice up} can run this
 * service beside others from one config file.
 *
 * <ul>
 *   <li>{@code kafka.bootstrap_servers} (env {@code KAFKA_BROKERS}), default {@code localhost:9092}
 *   <li>{@code events.topic} (env {@code KAFKA_TOPIC_EVENTS}), default {@code simple-time-events}
 *   <li>{@code events.consumer_group} (env {@code KAFKA_CONSUMER_GROUP}), default {@code simple-time-group}
 *   <li>{@code events.partitions}: partitions when the service creates its topics, default 3
 *   <li>{@code events.db_path} (env {@code DB_PATH}), default {@code ./data/events.db}
 *   <li>{@code events.http.host} (or {@code events.http.bind_address}), default as {@link HttpServerConfig#bindAddress}
 *       ({@code 127.0.0.1} in {@code sluice up}, else {@code 0.0.0.0}); {@code events.http.port} (env {@code PORT}), default
 *       8080 (0 picks a free port)
 *   <li>{@code events.enabled}: emit {@code http_request}/{@code http_response} events for {@code GET /}, default
 *       true (off only to measure what emission costs)
 *   <li>{@code events.consumer.enabled}: run the consumer that stores events in SQLite, default true; false for
 *       an instance that only serves and emits (another instance, or process, stores the topic)
 *   <li>{@code events.publish.allowed_topics}: comma-separated topics {@code POST /kafka/publish} may write to,
 *       default the events topic alone
 *   <li>{@code events.publish.allow_builtin_types}: whether {@code POST /kafka/publish} may publish the event types
 *       the service emits itself ({@code http_request}, {@code http_response}, {@code error}), default false (403
 *       naming {@code event_type})
 *   <li>{@code events.publish.max_bytes}: largest accepted publish body, default 65536
 *   <li>{@code events.trusted_proxies} (env {@code TRUSTED_PROXIES}): comma-separated addresses or CIDR blocks
 *       whose {@code X-Forwarded-For} is believed, default none
 *   <li>{@code events.pod_ip} (env {@code POD_IP}), {@code events.host_ip} (env {@code HOST_IP})
 *   <li>{@code otel.exporter.otlp.endpoint} (env {@code OTEL_EXPORTER_OTLP_ENDPOINT}): unset = tracing off;
 *       {@code otel.exporter.otlp.protocol} (env {@code OTEL_EXPORTER_OTLP_PROTOCOL}): {@code grpc} (default) or
 *       {@code http/protobuf}; {@code otel.service.name} (env {@code OTEL_SERVICE_NAME}), default
 *       {@code request-events}
 *   <li>the emitter's keys under {@code events.}: see {@link EmitterConfig} ({@code events.queue_capacity},
 *       {@code events.spill.*}, {@code events.kafka.*}); the spill file defaults to {@code request-events.spill}
 *       beside the database; the consumer's batch and retry keys, and
 *       pass-through {@code kafka.consumer.*} properties, as in {@link ConsumerLoopConfig#from} but under
 *       {@code events.} ({@code events.batch.max_records}, {@code events.kafka.consumer.session.timeout.ms})
 * </ul>
 */
public record RequestEventsConfig(
        String bootstrapServers,
        String topic,
        int partitions,
        Path dbPath,
        HttpServerConfig http,
        boolean emitRequestEvents,
        boolean consumerEnabled,
        Set<String> allowedTopics,
        boolean publishBuiltinTypes,
        long maxPublishBytes,
        List<String> trustedProxies,
        String podIp,
        String hostIp,
        TracingConfig tracing,
        EmitterConfig emitter,
        ConsumerLoopConfig consumer) {

    public static final String SERVICE = "request-events";
    public static final int DEFAULT_HTTP_PORT = 8080;

    /** Environment variables this service reads, and the keys they set. */
    public static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("KAFKA_BROKERS", "kafka.bootstrap_servers"),
            Map.entry("KAFKA_TOPIC_EVENTS", "events.topic"),
            Map.entry("KAFKA_CONSUMER_GROUP", "events.consumer_group"),
            Map.entry("DB_PATH", "events.db_path"),
            Map.entry("PORT", "events.http.port"),
            Map.entry("TRUSTED_PROXIES", "events.trusted_proxies"),
            Map.entry("POD_IP", "events.pod_ip"),
            Map.entry("HOST_IP", "events.host_ip"),
            Map.entry("OTEL_EXPORTER_OTLP_ENDPOINT", "otel.exporter.otlp.endpoint"),
            Map.entry("OTEL_EXPORTER_OTLP_PROTOCOL", "otel.exporter.otlp.protocol"),
            Map.entry("OTEL_SERVICE_NAME", "otel.service.name"));

    public RequestEventsConfig {
        allowedTopics = Set.copyOf(allowedTopics);
        trustedProxies = List.copyOf(trustedProxies);
        if (topic.isBlank()) {
            throw new ConfigException("events.topic must not be blank");
        }
    }

    public static RequestEventsConfig from(Settings s) {
        String bootstrap = s.string("kafka.bootstrap_servers", "localhost:9092");
        String topic = s.string("events.topic", "simple-time-events");
        String group = s.string("events.consumer_group", "simple-time-group");
        Path dbPath = Path.of(s.string("events.db_path", "./data/events.db"));
        HttpServerConfig http = new HttpServerConfig(
                HttpServerConfig.bindAddress(s, "events.http.bind_address", "events.http.host"),
                s.integer("events.http.port", DEFAULT_HTTP_PORT, 0, 65535),
                HttpServerConfig.DEFAULT_MAX_REQUEST_BYTES,
                s.longValue("http.max_page_bytes", HttpServerConfig.DEFAULT_MAX_PAGE_BYTES),
                HttpAccess.from(s));
        Set<String> allowed = new LinkedHashSet<>(list(s.string("events.publish.allowed_topics", topic)));
        if (allowed.isEmpty()) {
            allowed.add(topic);
        }
        long maxPublish = s.longValue("events.publish.max_bytes", 64 * 1024);
        if (maxPublish < 2 || maxPublish > HttpServerConfig.DEFAULT_MAX_REQUEST_BYTES) {
            throw new ConfigException("events.publish.max_bytes must be between 2 and "
                    + HttpServerConfig.DEFAULT_MAX_REQUEST_BYTES + ", got " + maxPublish);
        }
        List<String> proxies = list(s.string("events.trusted_proxies", ""));
        proxies.forEach(p -> TrustedProxies.parseBlock("events.trusted_proxies", p)); // fail at startup, naming it
        // The consumer reads the events section as if it were the whole file: events.batch.max_records etc.
        // A database that becomes writable again should be noticed within seconds, not the core's 30 s.
        // SQLite commits are cheapest in few, large transactions: gather up to 200 ms of events per write.
        Settings consumerKeys =
                s.within("events").withDefaults(Map.of("retry.max_backoff_ms", "5000", "batch.linger_ms", "200"));
        ConsumerLoopConfig consumer = ConsumerLoopConfig.from(consumerKeys, SERVICE, bootstrap, group, topic)
                .withSecurity(KafkaSecurity.from(s)); // TLS/SASL at the root, as for every service
        return new RequestEventsConfig(
                bootstrap,
                topic,
                s.integer("events.partitions", 3, 1, 10_000),
                dbPath,
                http,
                s.bool("events.enabled", true),
                s.bool("events.consumer.enabled", true),
                allowed,
                s.bool("events.publish.allow_builtin_types", false),
                maxPublish,
                proxies,
                s.optional("events.pod_ip").orElse(null),
                s.optional("events.host_ip").orElse(null),
                TracingConfig.from(s, SERVICE),
                EmitterConfig.from(
                        s,
                        "events.",
                        SERVICE,
                        bootstrap,
                        dbPath.toAbsolutePath().getParent().resolve("request-events.spill")),
                consumer);
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }
}
