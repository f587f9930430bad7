package io.sluice.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBroker.class)
class KafkaBrokerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shared_broker_round_trips_records_through_a_fresh_topic() {
        String topic = KafkaBroker.freshTopic("orders", 3);
        assertThat(topic).startsWith("orders-");
        assertThat(KafkaBroker.bootstrapServers()).startsWith("127.0.0.1:");

        KafkaBroker.produce(topic, "k1", "first");
        KafkaBroker.produceAll(topic, List.of("second", "third"));

        List<ConsumerRecord<byte[], byte[]>> records = KafkaBroker.consumeAll(topic, TIMEOUT, 3);
        assertThat(records)
                .extracting(r -> new String(r.value(), UTF_8))
                .containsExactlyInAnyOrder("first", "second", "third");
        assertThat(records)
                .filteredOn(r -> r.key() != null)
                .extracting(r -> new String(r.key(), UTF_8))
                .containsExactly("k1");
        assertThat(KafkaBroker.consumeAll(KafkaBroker.freshTopic("empty"), Duration.ofMillis(500), 1))
                .isEmpty();
    }

    @Test
    void dedicated_broker_restarts_on_the_same_data_and_keeps_topics() throws Exception {
        try (EmbeddedKafka kafka = KafkaBroker.dedicated(dir.resolve("kafka"))) {
            kafka.start();
            assertThat(kafka.bootstrapServers()).isNotEqualTo(KafkaBroker.bootstrapServers());
            kafka.createTopic("kept", 1);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "value")).get(30, TimeUnit.SECONDS);
            }

            kafka.stop();
            kafka.start();

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept");
                long endOffset = admin.listOffsets(Map.of(new TopicPartition("kept", 0), OffsetSpec.latest()))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .values()
                        .iterator()
                        .next()
                        .offset();
                assertThat(endOffset).isEqualTo(1);
            }
        }
    }
}
