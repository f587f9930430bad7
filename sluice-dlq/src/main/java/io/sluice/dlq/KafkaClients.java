package io.sluice.dlq;

import io.sluice.core.consumer.DeadLetterPublisher;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka clients of one {@link DeadLetters}, created on first use: an admin client, a reader of the dead letters
 * and one of the state topic (both without a group, {@code read_committed}), and an idempotent {@code acks=all}
 * producer for replays and state records. Not thread-safe.
 */
final class KafkaClients implements AutoCloseable {
    private final String bootstrapServers;
    private final Map<String, String> properties;
    private final Duration timeout;
    private Admin admin;
    private Consumer<byte[], byte[]> reader;
    private Consumer<byte[], byte[]> stateReader;
    private Producer<byte[], byte[]> producer;

    KafkaClients(String bootstrapServers, Map<String, String> properties, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.properties = properties;
        this.timeout = timeout;
    }

    Admin admin() {
        if (admin == null) {
            Map<String, Object> c = common("admin");
            c.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, millis());
            admin = Admin.create(c);
        }
        return admin;
    }

    Consumer<byte[], byte[]> reader() {
        if (reader == null) {
            reader = consumer("reader");
        }
        return reader;
    }

    Consumer<byte[], byte[]> stateReader() {
        if (stateReader == null) {
            stateReader = consumer("state");
        }
        return stateReader;
    }

    Producer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> c = common("replay");
            c.put(ProducerConfig.ACKS_CONFIG, "all");
            c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis());
            c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * millis());
            producer = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Every topic's name. */
    Set<String> topics() throws ExecutionException, InterruptedException, TimeoutException {
        return admin().listTopics().names().get(millis(), TimeUnit.MILLISECONDS);
    }

    /** The partitions of every {@code *.dlq} topic, or of {@code only} (empty when it does not exist). */
    List<TopicPartition> dlqPartitions(String only) throws ExecutionException, InterruptedException, TimeoutException {
        List<String> names = topics().stream()
                .filter(t -> t.endsWith(DeadLetterPublisher.SUFFIX) && (only == null || t.equals(only)))
                .sorted()
                .toList();
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> described =
                admin().describeTopics(names).allTopicNames().get(millis(), TimeUnit.MILLISECONDS);
        return names.stream()
                .flatMap(n -> described.get(n).partitions().stream().map(p -> new TopicPartition(n, p.partition())))
                .toList();
    }

    private Consumer<byte[], byte[]> consumer(String role) {
        Map<String, Object> c = common(role);
        c.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, millis());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> common(String role) {
        Map<String, Object> c = new HashMap<>(properties);
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(CommonClientConfigs.CLIENT_ID_CONFIG, "sluice-dlq-" + role);
        c.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, millis());
        c.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(millis(), 5_000));
        c.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, millis());
        return c;
    }

    private int millis() {
        return Math.toIntExact(timeout.toMillis());
    }

    @Override
    public void close() {
        Duration grace = Duration.ofSeconds(5);
        if (producer != null) {
            producer.close(grace);
        }
        if (reader != null) {
            reader.close(grace);
        }
        if (stateReader != null) {
            stateReader.close(grace);
        }
        if (admin != null) {
            admin.close(grace);
        }
    }
}
