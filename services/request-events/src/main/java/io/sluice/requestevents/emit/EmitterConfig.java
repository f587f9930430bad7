package io.sluice.requestevents.emit;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How the {@link EventEmitter} queues, sends and spills.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param queueCapacity {@code events.queue_capacity}: events held in memory for the sender, default 10000; when
 *     full, the request thread appends to the spill file itself rather than wait or drop
 * @param spillPath {@code events.spill.path}: the spill file, default {@code request-events.spill} beside the
 *     database
 * @param spillMaxBytes {@code events.spill.max_bytes}: past this size new events are dropped (and counted), default
 *     256 MiB
 * @param fsync {@code events.spill.fsync}: {@code always} (fsync every append: slowest), {@code interval} (default:
 *     while events are being spilled, fsync at most every 100 ms, so a power cut loses at most the last ~100 ms of
 *     spilled events; a killed process loses nothing that was written), or {@code never} (leave it to the OS)
 * @param probeInterval {@code events.kafka.probe_interval_ms}: how often the broker is asked for its metadata,
 *     default 1000
 * @param probeTimeout {@code events.kafka.probe_timeout_ms}: how long a probe may take, default 1000
 * @param maxBlock {@code events.kafka.max_block_ms}: the longest a send may block the sender thread (never a
 *     request thread) waiting for metadata or buffer space, default 1000
 * @param deliveryTimeout {@code events.kafka.delivery_timeout_ms}: how long the producer retries a record before it
 *     is spilled instead, default 5000
 * @param shutdownTimeout {@code events.shutdown_timeout_ms}: how long closing waits for acknowledgements before it
 *     spills what is left, default 5000
 * @param producerProperties pass-through Kafka producer properties ({@code events.kafka.producer.*}), applied last
 */
public record EmitterConfig(
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

    /** When the spill file is forced to disk. */
    public enum FsyncPolicy {
        ALWAYS,
        INTERVAL,
        NEVER
    }

    public EmitterConfig {
        producerProperties = Map.copyOf(producerProperties);
        if (queueCapacity < 1) {
            throw new ConfigException("events.queue_capacity must be at least 1, got " + queueCapacity);
        }
        if (spillMaxBytes < 1024) {
            throw new ConfigException("events.spill.max_bytes must be at least 1024, got " + spillMaxBytes);
        }
        if (deliveryTimeout.toMillis() < 1000) {
            throw new ConfigException(
                    "events.kafka.delivery_timeout_ms must be at least 1000, got " + deliveryTimeout.toMillis());
        }
    }

    public static EmitterConfig from(Settings s, String bootstrapServers, Path dbPath) {
        Path dir = dbPath.toAbsolutePath().getParent();
        String fsync = s.string("events.spill.fsync", "interval");
        FsyncPolicy policy;
        try {
            policy = FsyncPolicy.valueOf(fsync.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("events.spill.fsync must be always, interval or never, got '" + fsync + "'", e);
        }
        return new EmitterConfig(
                bootstrapServers,
                s.integer("events.queue_capacity", 10_000, 1, 10_000_000),
                s.optional("events.spill.path").map(Path::of).orElse(dir.resolve("request-events.spill")),
                s.longValue("events.spill.max_bytes", 256L << 20),
                policy,
                s.millis("events.kafka.probe_interval_ms", Duration.ofSeconds(1)),
                s.millis("events.kafka.probe_timeout_ms", Duration.ofSeconds(1)),
                s.millis("events.kafka.max_block_ms", Duration.ofSeconds(1)),
                s.millis("events.kafka.delivery_timeout_ms", Duration.ofSeconds(5)),
                s.millis("events.shutdown_timeout_ms", Duration.ofSeconds(5)),
                s.section("events.kafka.producer"));
    }

    public EmitterConfig withSpillPath(Path path) {
        return new EmitterConfig(
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
                producerProperties);
    }
}
