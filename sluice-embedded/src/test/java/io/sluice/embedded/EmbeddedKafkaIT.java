package io.sluice.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    @TempDir
    Path dir;

    @Test
    void broker_restarts_on_the_same_data_and_keeps_topics() throws Exception {
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().dataDirectory(dir.resolve("kafka")).build()) {
            kafka.start();
            String bootstrap = kafka.bootstrapServers();
            assertThat(bootstrap).isEqualTo("127.0.0.1:" + kafka.brokerPort());

            kafka.createTopic("orders", 2);
            kafka.createTopic("orders", 2); // an existing topic is fine
            produce(bootstrap, "orders", List.of("a", "b", "c"));
            assertThat(consume(bootstrap, "orders", 3)).containsExactlyInAnyOrder("a", "b", "c");

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            kafka.start();

            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("orders");
            }
            assertThat(consume(bootstrap, "orders", 3)).containsExactlyInAnyOrder("a", "b", "c");
            produce(bootstrap, "orders", List.of("d"));
            assertThat(consume(bootstrap, "orders", 4)).containsExactlyInAnyOrder("a", "b", "c", "d");
        }
    }

    private static void produce(String bootstrap, String topic, List<String> values) throws Exception {
        Map<String, Object> config =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads every partition from the beginning until {@code expected} values arrived or 30 s passed. */
    private static List<String> consume(String bootstrap, String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            assertThat(consumer.assignment()).contains(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        }
        return values;
    }
}
