package io.sluice.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.core.config.Settings;
import io.sluice.core.kafka.KafkaSecurity;
import io.sluice.core.kafka.Topics;
import io.sluice.embedded.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 9: {@code kafka.security.protocol}, {@code kafka.sasl.*} reach the consumer, the dead-letter producer
 * and the admin client, against a broker whose SASL_PLAINTEXT listener only lets {@code sluice} in.
 */
class KafkaSecurityIT {
    private static final String USER = "sluice";
    private static final String PASSWORD = "sluice-secret";

    @TempDir
    static Path dir;

    private static EmbeddedKafka broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafka.builder()
                .dataDirectory(dir.resolve("kafka"))
                .saslPlainListener(0, Map.of(USER, PASSWORD))
                .build();
        broker.start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Settings settings(String password) {
        Map<String, String> s = new HashMap<>();
        EmbeddedKafka.saslPlainClientProperties(USER, password).forEach((k, v) -> s.put("kafka." + k, v));
        return Settings.of(s);
    }

    @Test
    void with_credentials_the_consumer_stores_records_and_the_dlq_producer_dead_letters_the_poison_one() {
        String topic = "secured-" + System.nanoTime();
        KafkaSecurity security = KafkaSecurity.from(settings(PASSWORD));
        assertThat(Topics.ensure(
                        broker.saslBootstrapServers(),
                        security,
                        Map.of(topic, 1, DeadLetterPublisher.topicFor(topic), 1),
                        Duration.ofSeconds(30)))
                .as("the admin client logs in too")
                .isTrue();
        produce(topic, List.of("a", "poison", "b"));

        ConsumerLoopIT.MemorySink sink = new ConsumerLoopIT.MemorySink();
        try (ConsumerLoop<String> loop = loop(topic, sink, settings(PASSWORD))) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> sink.offsets.getOrDefault(new TopicPartition(topic, 0), 0L) == 3);
            assertThat(sink.stored).containsExactly("a", "b");
            assertThat(loop.state().recordsFailed()).isEqualTo(1);
        }
        assertThat(readAll(DeadLetterPublisher.topicFor(topic), 1))
                .singleElement()
                .satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8))
                        .isEqualTo("poison"));
    }

    @Test
    void with_a_wrong_password_the_consumer_fails_on_authentication_and_stores_nothing() {
        String topic = "refused-" + System.nanoTime();
        broker.createTopic(topic, 1);
        produce(topic, List.of("a"));

        ConsumerLoopIT.MemorySink sink = new ConsumerLoopIT.MemorySink();
        try (ConsumerLoop<String> loop = loop(topic, sink, settings("wrong"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> loop.state().status() == ConsumerStatus.FAILED);
            assertThat(loop.state().lastError()).containsIgnoringCase("authentication");
        }
        assertThat(sink.stored).isEmpty();
    }

    @Test
    void with_a_wrong_password_the_dlq_producer_cannot_dead_letter() {
        String topic = "refused-dlq-" + System.nanoTime();
        KafkaSecurity wrong = KafkaSecurity.from(settings("wrong"));
        try (DeadLetterPublisher dlq = DeadLetterPublisher.create(
                broker.saslBootstrapServers(), "security-test", DeadLetterConfig.defaults(), wrong.properties())) {
            dlq.publish(
                    new ConsumerRecord<>(topic, 0, 0L, null, "poison".getBytes(StandardCharsets.UTF_8)),
                    new PoisonRecordException("bad"));
            assertThatThrownBy(dlq::flush).isInstanceOf(DeadLetterPublisher.DeadLetterException.class);
        }
    }

    @Test
    void the_security_settings_never_show_their_secrets() {
        KafkaSecurity security = KafkaSecurity.from(settings(PASSWORD));

        assertThat(security.properties()).containsEntry("security.protocol", "SASL_PLAINTEXT");
        assertThat(security.toString()).doesNotContain(PASSWORD).contains("SASL_PLAINTEXT");
    }

    private static ConsumerLoop<String> loop(String topic, ConsumerLoopIT.MemorySink sink, Settings settings) {
        Decoder<String> decoder = r -> {
            String v = new String(r.value(), StandardCharsets.UTF_8);
            if (v.equals("poison")) {
                throw new PoisonRecordException("cannot decode " + v);
            }
            return v;
        };
        ConsumerLoopConfig config = ConsumerLoopConfig.from(
                        settings, "security-test", broker.saslBootstrapServers(), "group-" + topic, topic)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
        return ConsumerLoop.create(config, decoder, sink, FailureClassifier.DEFAULT, new SimpleMeterRegistry())
                .start();
    }

    /** Through the PLAINTEXT listener: only the clients under test use SASL. */
    private static void produce(String topic, List<String> values) {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
                new StringSerializer(),
                new StringSerializer())) {
            values.forEach(v -> p.send(new ProducerRecord<>(topic, v)));
            p.flush();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "reader-" + topic,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= expected;
            });
            return out;
        }
    }
}
