package io.sluice.activity.processor;

import io.sluice.core.kafka.KafkaReachability;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The seed's start: {@code Starting Processing Service...}, then at most {@code MAX_RETRIES} attempts to reach Kafka,
 * {@code RETRY_DELAY} apart, then {@code Successfully connected to Kafka} or one ERROR line and a failed start (a
 * non-zero exit under {@code run}). Runs on the starting thread.
 */
final class KafkaStartup {
    private KafkaStartup() {}

    /** @throws KafkaUnreachableException when no attempt reached the broker */
    static void connect(ProcessorConfig config) {
        Logger log = ActivitySink.SEED_LOG;
        log.info("Starting Processing Service...");
        try (KafkaReachability probe = KafkaReachability.create(
                config.bootstrapServers(),
                ProcessorConfig.SERVICE + "-connect",
                Duration.ofSeconds(1),
                config.connectTimeout(),
                config.consumer().security(),
                config.consumer().kafkaProperties(),
                Map.of())) {
            for (int attempt = 1; ; attempt++) {
                if (probe.probe()) {
                    log.info("Successfully connected to Kafka");
                    return;
                }
                if (attempt >= config.maxRetries()) {
                    String message = "Failed to connect to Kafka at " + config.bootstrapServers() + " after " + attempt
                            + (attempt == 1 ? " attempt" : " attempts") + " (MAX_RETRIES=" + config.maxRetries()
                            + ", RETRY_DELAY=" + config.retryDelay().toSeconds() + "s): " + probe.lastError()
                            + "; check KAFKA_BROKERS and that the broker is up";
                    log.error(message);
                    throw new KafkaUnreachableException(message);
                }
                log.warn(
                        "Kafka at {} not reachable (attempt {} of {}): {}; retrying in {}s",
                        config.bootstrapServers(),
                        attempt,
                        config.maxRetries(),
                        probe.lastError(),
                        config.retryDelay().toSeconds());
                sleep(config.retryDelay());
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnreachableException("interrupted while waiting to retry the connection to Kafka");
        }
    }

    /** The start gave up on Kafka. */
    static final class KafkaUnreachableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KafkaUnreachableException(String message) {
            super(message);
        }
    }
}
