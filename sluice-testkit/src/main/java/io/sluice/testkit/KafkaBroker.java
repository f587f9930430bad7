package io.sluice.testkit;

import io.sluice.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension and static access to one real Kafka broker shared by every test in the JVM.
 *
 * <p>The broker ({@link EmbeddedKafka}, KRaft, free ports, a temp directory) starts on first use: registering the
 * extension (<code>&#64;ExtendWith(KafkaBroker.class)</code>) starts it before the class's tests; otherwise the first
 * static call does. A JVM shutdown hook stops it and deletes its directory.
 *
 * <pre>{@code
 * String topic = KafkaBroker.freshTopic("orders", 3);
 * KafkaBroker.produce(topic, "k1", "hello");
 * assertThat(KafkaBroker.consumeAll(topic, Duration.ofSeconds(10), 1)).hasSize(1);
 * }</pre>
 *
 * <p>Tests share the broker, so each test uses its own topics ({@link #freshTopic(String)}); topics that are used
 * without being created are auto-created with one partition. All methods are thread-safe and throw {@link
 * IllegalStateException} when the broker does not answer. Tests that stop and restart a broker use {@link
 * #dedicated(Path)}, never the shared one.
 */
public final class KafkaBroker implements BeforeAllCallback {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private static EmbeddedKafka sharedBroker;
    private static KafkaProducer<String, String> sharedProducer;

    /** Starts the shared broker (once per JVM) before the annotated class's tests run. */
    @Override
    public void beforeAll(ExtensionContext context) {
        shared();
    }

    /** {@code 127.0.0.1:<port>} of the shared broker, starting it if needed. */
    public static String bootstrapServers() {
        return shared().bootstrapServers();
    }

    /** Creates a topic on the shared broker; an existing topic of that name is left as it is. */
    public static void createTopic(String name, int partitions) {
        shared().createTopic(name, partitions);
    }

    /** Creates a topic with one partition, named {@code <prefix>-<random>}, and returns its name. */
    public static String freshTopic(String prefix) {
        return freshTopic(prefix, 1);
    }

    /** Creates a topic with {@code partitions} partitions, named {@code <prefix>-<random>}, and returns its name. */
    public static String freshTopic(String prefix, int partitions) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        createTopic(name, partitions);
        return name;
    }

    /** Sends one record and waits until all in-sync replicas have it ({@code acks=all}). */
    public static RecordMetadata produce(String topic, String key, String value) {
        return await(producer().send(new ProducerRecord<>(topic, key, value)), topic);
    }

    /** Sends the values with null keys, in order, and waits until every one is acknowledged. */
    public static void produceAll(String topic, List<String> values) {
        KafkaProducer<String, String> sender = producer();
        List<Future<RecordMetadata>> sends = new ArrayList<>(values.size());
        for (String value : values) {
            sends.add(sender.send(new ProducerRecord<>(topic, value)));
        }
        sends.forEach(send -> await(send, topic));
    }

    /**
     * Reads the topic from the earliest offset with a new consumer group and returns once {@code expectedCount}
     * records arrived, or whatever arrived when {@code timeout} passed (assert on the size). Nothing is committed.
     */
    public static List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, Duration timeout, int expectedCount) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "testkit-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long remaining;
            while (records.size() < expectedCount && (remaining = deadline - System.nanoTime()) > 0) {
                Duration wait = Duration.ofNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(200)));
                consumer.poll(wait).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * A new broker of its own (free ports, data in {@code dataDirectory}), <em>not started</em>: for tests that stop
     * and restart a broker. The caller starts it and closes it.
     */
    public static EmbeddedKafka dedicated(Path dataDirectory) {
        return EmbeddedKafka.builder().dataDirectory(dataDirectory).build();
    }

    private static synchronized EmbeddedKafka shared() {
        if (sharedBroker == null) {
            Path dir = TempDirectory.create("sluice-kafka-");
            EmbeddedKafka starting = dedicated(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopShared(starting, dir), "testkit-kafka-shutdown"));
            starting.start();
            sharedBroker = starting;
        }
        return sharedBroker;
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (sharedProducer == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            sharedProducer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        }
        return sharedProducer;
    }

    private static synchronized void stopShared(EmbeddedKafka stopping, Path dir) {
        if (sharedProducer != null) {
            sharedProducer.close(Duration.ofSeconds(5));
            sharedProducer = null;
        }
        stopping.stop();
        TempDirectory.deleteQuietly(dir);
    }

    private static RecordMetadata await(Future<RecordMetadata> send, String topic) {
        try {
            return send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Send to topic '" + topic + "' failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Send to topic '" + topic + "' not acknowledged in " + SEND_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending to topic '" + topic + "'", e);
        }
    }
}
