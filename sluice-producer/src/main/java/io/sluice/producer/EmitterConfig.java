package io.sluice.producer;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.core.kafka.KafkaSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How the {@link EventEmitter} queues, sends and spills. The keys below are relative to the service's prefix: read
 * with {@link #from(Settings, String, String, String, Path)} and the prefix {@code events.}, {@code queue_capacity}
 * is {@code events.queue_capacity}, and errors name that full key.
 *
 * @param service the producing service's name: the {@code service} tag of the metrics and the Kafka client ids
 * @param bootstrapServers Kafka bootstrap servers
 * @param queueCapacity {@code queue_capacity}: events held in memory for the sender, default 10000; when full, the
 *     request thread appends to the spill file itself rather than wait or drop
 * @param spillPath {@code spill.path}: the spill file, default given by the service
 * @param spillMaxBytes {@code spill.max_bytes}: past this size new events are dropped (and counted), default 256 MiB
 * @param fsync {@code spill.fsync}: {@code always} (fsync every append: slowest), {@code interval} (default: while
 *     events are being spilled, fsync at most every 100 ms, so a power cut loses at most the last ~100 ms of spilled
 *     events; a killed process loses nothing that was written), or {@code never} (leave it to the OS)
 * @param probeInterval {@code kafka.probe_interval_ms}: how often the broker is asked for its metadata, default 1000
 * @param probeTimeout {@code kafka.probe_timeout_ms}: how long a probe may take, default 1000
 * @param maxBlock {@code kafka.max_block_ms}: the longest a send may block the sender thread (never a request
 *     thread) waiting for metadata or buffer space, default 1000
 * @param deliveryTimeout {@code kafka.delivery_timeout_ms}: how long the producer retries a record before it is
 *     spilled instead, default 5000
 * @param shutdownTimeout {@code shutdown_timeout_ms}: how long closing waits for acknowledgements before it spills
 *     what is left, default 5000
 * @param producerProperties pass-through Kafka producer properties ({@code kafka.producer.*}), applied last
 * @param security TLS/SASL settings of the producer and the probe's admin client, read at the root
 *     ({@code kafka.security.protocol}, {@code kafka.sasl.*}, {@code kafka.ssl.*}: {@link KafkaSecurity})
 */
public record EmitterConfig(
        String service,
        String bootstrapServers,
        int queueCapacity,
        Path spillPath,
        long spillMaxBytes,
        FsyncPolicy fsync,
        Duration probeInterval,
        Duration probeTimeout,
        Duration maxBlock,
        Duration deliveryTimeout,
        Duration shutdownTimeout,
        Map<String, String> producerProperties,
        KafkaSecurity security) {

    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final long DEFAULT_SPILL_MAX_BYTES = 256L << 20;

    /** When the spill file is forced to disk. */
    public enum FsyncPolicy {
        ALWAYS,
        INTERVAL,
        NEVER
    }

    /** Without TLS or SASL. */
    public EmitterConfig(
            String service,
            String bootstrapServers,
            int queueCapacity,
            Path spillPath,
            long spillMaxBytes,
            FsyncPolicy fsync,
            Duration probeInterval,
            Duration probeTimeout,
            Duration maxBlock,
            Duration deliveryTimeout,
            Duration shutdownTimeout,
            Map<String, String> producerProperties) {
        this(
                service,
                bootstrapServers,
                queueCapacity,
                spillPath,
                spillMaxBytes,
                fsync,
                probeInterval,
                probeTimeout,
                maxBlock,
                deliveryTimeout,
                shutdownTimeout,
                producerProperties,
                KafkaSecurity.NONE);
    }

    /** @throws ConfigException naming the key (without a prefix) of a value out of range */
    public EmitterConfig {
        producerProperties = Map.copyOf(producerProperties);
        java.util.Objects.requireNonNull(security, "security");
        check(service, queueCapacity, spillMaxBytes, deliveryTimeout, "");
    }

    /** The defaults, with the given service, servers and spill file. */
    public static EmitterConfig defaults(String service, String bootstrapServers, Path spillPath) {
        return from(Settings.of(Map.of()), "", service, bootstrapServers, spillPath);
    }

    /**
     * Reads the keys under {@code prefix}.
     *
     * @param prefix the service's key prefix with its trailing dot ({@code events.}), or empty
     * @param defaultSpillPath the spill file when {@code <prefix>spill.path} is unset
     * @throws ConfigException naming the full key ({@code events.spill.fsync}) and the value
     */
    public static EmitterConfig from(
            Settings s, String prefix, String service, String bootstrapServers, Path defaultSpillPath) {
        String fsync = s.string(prefix + "spill.fsync", "interval");
        FsyncPolicy policy;
        try {
            policy = FsyncPolicy.valueOf(fsync.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(prefix + "spill.fsync must be always, interval or never, got '" + fsync + "'", e);
        }
        int queueCapacity = s.integer(prefix + "queue_capacity", DEFAULT_QUEUE_CAPACITY, 1, 10_000_000);
        long spillMaxBytes = s.longValue(prefix + "spill.max_bytes", DEFAULT_SPILL_MAX_BYTES);
        Duration deliveryTimeout = s.millis(prefix + "kafka.delivery_timeout_ms", Duration.ofSeconds(5));
        check(service, queueCapacity, spillMaxBytes, deliveryTimeout, prefix);
        return new EmitterConfig(
                service,
                bootstrapServers,
                queueCapacity,
                s.optional(prefix + "spill.path").map(Path::of).orElse(defaultSpillPath),
                spillMaxBytes,
                policy,
                s.millis(prefix + "kafka.probe_interval_ms", Duration.ofSeconds(1)),
                s.millis(prefix + "kafka.probe_timeout_ms", Duration.ofSeconds(1)),
                s.millis(prefix + "kafka.max_block_ms", Duration.ofSeconds(1)),
                deliveryTimeout,
                s.millis(prefix + "shutdown_timeout_ms", Duration.ofSeconds(5)),
                s.section(prefix + "kafka.producer"),
                KafkaSecurity.from(s));
    }

    private static void check(
            String service, int queueCapacity, long spillMaxBytes, Duration deliveryTimeout, String prefix) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("the emitter needs the service's name, got '" + service + "'");
        }
        if (queueCapacity < 1) {
            throw new ConfigException(prefix + "queue_capacity must be at least 1, got " + queueCapacity);
        }
        if (spillMaxBytes < 1024) {
            throw new ConfigException(prefix + "spill.max_bytes must be at least 1024, got " + spillMaxBytes);
        }
        if (deliveryTimeout.toMillis() < 1000) {
            throw new ConfigException(
                    prefix + "kafka.delivery_timeout_ms must be at least 1000, got " + deliveryTimeout.toMillis());
        }
    }

    public EmitterConfig withSpillPath(Path path) {
        return new EmitterConfig(
                service,
                bootstrapServers,
                queueCapacity,
                path,
                spillMaxBytes,
                fsync,
                probeInterval,
                probeTimeout,
                maxBlock,
                deliveryTimeout,
                shutdownTimeout,
                producerProperties,
                security);
    }
}
