package io.sluice.core.consumer;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.core.kafka.KafkaSecurity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a {@link ConsumerLoop} polls, batches and retries.
 *
 * @param service name used in logs, metrics, dead-letter headers and the Kafka client id
 * @param bootstrapServers Kafka bootstrap servers
 * @param groupId consumer group
 * @param subscription the topics to read: a list, or a pattern ({@link #withTopics}, {@link #withTopicPattern})
 * @param maxRecords a batch is flushed at this many records (also Kafka's {@code max.poll.records})
 * @param maxBytes ... or at this many bytes of keys and values
 * @param linger ... or when caught up and the oldest record in hand is this old (0 = flush as soon as caught up)
 * @param maxWait ... or, under continuous load, when the oldest record in hand is this old
 * @param initialBackoff first delay after a failed write; doubles per failure
 * @param maxBackoff the longest delay between retries
 * @param shutdownTimeout how long {@link ConsumerLoop#close()} waits for the batch in hand to be stored
 * @param kafkaProperties extra Kafka consumer properties ({@code kafka.consumer.*}); they cannot override the
 *     bootstrap servers, group, client id, auto-commit (always off) or max.poll.records
 * @param deadLetter the dead-letter producer's request size and compression ({@code dlq.*})
 * @param security TLS/SASL settings of the consumer and the dead-letter producer ({@code kafka.security.protocol},
 *     {@code kafka.sasl.*}, {@code kafka.ssl.*}: {@link KafkaSecurity})
 */
public record ConsumerLoopConfig(
        String service,
        String bootstrapServers,
        String groupId,
        Subscription subscription,
        int maxRecords,
        long maxBytes,
        Duration linger,
        Duration maxWait,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration shutdownTimeout,
        Map<String, String> kafkaProperties,
        DeadLetterConfig deadLetter,
        KafkaSecurity security) {
    /** {@code shutdown.timeout_ms} when not set. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

    public ConsumerLoopConfig {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(deadLetter, "deadLetter");
        Objects.requireNonNull(security, "security");
        kafkaProperties = Map.copyOf(kafkaProperties);
        if (maxRecords < 1) {
            throw new ConfigException("batch.max_records must be at least 1, got " + maxRecords);
        }
        if (maxBytes < 1) {
            throw new ConfigException("batch.max_bytes must be at least 1, got " + maxBytes);
        }
    }

    /** Defaults for a service; override single fields with the {@code with...} methods or {@link #from}. */
    public static ConsumerLoopConfig defaults(String service, String bootstrapServers, String groupId, String topic) {
        return new ConsumerLoopConfig(
                service,
                bootstrapServers,
                groupId,
                Subscription.topics(List.of(topic)),
                5_000,
                16L << 20,
                Duration.ZERO,
                Duration.ofMillis(500),
                Duration.ofMillis(200),
                Duration.ofSeconds(30),
                DEFAULT_SHUTDOWN_TIMEOUT,
                Map.of(),
                DeadLetterConfig.defaults(),
                KafkaSecurity.NONE);
    }

    /**
     * Reads the batch and retry keys ({@code batch.max_records}, {@code batch.max_bytes}, {@code batch.linger_ms},
     * {@code batch.max_wait_ms}, {@code retry.initial_backoff_ms}, {@code retry.max_backoff_ms},
     * {@code shutdown.timeout_ms}), the dead-letter producer's ({@code dlq.max_request_size},
     * {@code dlq.compression_type}) and pass-through Kafka properties ({@code kafka.consumer.*}).
     */
    public static ConsumerLoopConfig from(
            Settings settings, String service, String bootstrapServers, String groupId, String topic) {
        ConsumerLoopConfig d = defaults(service, bootstrapServers, groupId, topic);
        return new ConsumerLoopConfig(
                service,
                bootstrapServers,
                groupId,
                Subscription.topics(List.of(topic)),
                settings.integer("batch.max_records", d.maxRecords(), 1, 1_000_000),
                settings.longValue("batch.max_bytes", d.maxBytes()),
                settings.millis("batch.linger_ms", d.linger()),
                settings.millis("batch.max_wait_ms", d.maxWait()),
                settings.millis("retry.initial_backoff_ms", d.initialBackoff()),
                settings.millis("retry.max_backoff_ms", d.maxBackoff()),
                settings.millis("shutdown.timeout_ms", d.shutdownTimeout()),
                settings.section("kafka.consumer"),
                DeadLetterConfig.from(settings),
                KafkaSecurity.from(settings));
    }

    public ConsumerLoopConfig withBatch(int maxRecords, Duration linger) {
        return new ConsumerLoopConfig(
                service,
                bootstrapServers,
                groupId,
                subscription,
                maxRecords,
                maxBytes,
                linger,
                maxWait,
                initialBackoff,
                maxBackoff,
                shutdownTimeout,
                kafkaProperties,
                deadLetter,
                security);
    }

    /** The same config with this linger and max wait ({@code batch.linger_ms}, {@code batch.max_wait_ms}). */
    public ConsumerLoopConfig withLinger(Duration linger, Duration maxWait) {
        return new ConsumerLoopConfig(
                service,
                bootstrapServers,
                groupId,
                subscription,
                maxRecords,
                maxBytes,
                linger,
                maxWait,
                initialBackoff,
                maxBackoff,
                shutdownTimeout,
                kafkaProperties,
                deadLetter,
                security);
    }

    public ConsumerLoopConfig withBackoff(Duration initial, Duration max) {
        return new ConsumerLoopConfig(
                service,
                bootstrapServers,
                groupId,
                subscription,
                maxRecords,
                maxBytes,
                linger,
                maxWait,
                initial,
                max,
                shutdownTimeout,
                kafkaProperties,
                deadLetter,
                security);
    }

    /** The same config reading these topics (decode them with {@link Decoder#byTopic}). */
    public ConsumerLoopConfig withTopics(List<String> topics) {
        return withSubscription(Subscription.topics(topics));
    }

    /** The same config reading every topic whose name matches {@code pattern}. */
    public ConsumerLoopConfig withTopicPattern(Pattern pattern) {
        return withSubscription(Subscription.pattern(pattern));
    }

    private ConsumerLoopConfig withSubscription(Subscription subscription) {
        return new ConsumerLoopConfig(
                service,
                bootstrapServers,
                groupId,
                subscription,
                maxRecords,
                maxBytes,
                linger,
                maxWait,
                initialBackoff,
                maxBackoff,
                shutdownTimeout,
                kafkaProperties,
                deadLetter,
                security);
    }

    /** The same config with this dead-letter producer ({@code dlq.max_request_size}, {@code dlq.compression_type}). */
    public ConsumerLoopConfig withDeadLetter(DeadLetterConfig deadLetter) {
        return new ConsumerLoopConfig(
                service,
                bootstrapServers,
                groupId,
                subscription,
                maxRecords,
                maxBytes,
                linger,
                maxWait,
                initialBackoff,
                maxBackoff,
                shutdownTimeout,
                kafkaProperties,
                deadLetter,
                security);
    }

    /** The same config with these TLS/SASL settings (a service whose consumer keys are a section reads them at the root). */
    public ConsumerLoopConfig withSecurity(KafkaSecurity security) {
        return new ConsumerLoopConfig(
                service,
                bootstrapServers,
                groupId,
                subscription,
                maxRecords,
                maxBytes,
                linger,
                maxWait,
                initialBackoff,
                maxBackoff,
                shutdownTimeout,
                kafkaProperties,
                deadLetter,
                security);
    }
}
