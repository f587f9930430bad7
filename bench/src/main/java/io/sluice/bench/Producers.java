package io.sluice.bench;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Kafka producers for the benchmarks: idempotent, {@code acks=all}, byte arrays. */
public final class Producers {
    private Producers() {}

    /**
     * A producer for bulk loading: large batches (512 KiB, 20 ms linger) so the broker, not the producer, sets the
     * pace.
     */
    public static KafkaProducer<byte[], byte[]> bulk(String bootstrapServers) {
        Map<String, Object> config = base(bootstrapServers, "sluice-bench-bulk");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A producer with Kafka's default batching (5 ms linger, 16 KiB batches), as an application would send. */
    public static KafkaProducer<byte[], byte[]> streaming(String bootstrapServers) {
        Map<String, Object> config = base(bootstrapServers, "sluice-bench-stream");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Map<String, Object> base(String bootstrapServers, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }
}
