package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The emitter on its own, against the shared test broker: as any producing service uses it. */
@ExtendWith(KafkaBroker.class)
class EventEmitterIT {

    @TempDir
    Path dir;

    @Test
    void a_missing_topic_is_created_with_its_partitions_and_every_event_arrives_with_its_headers() throws Exception {
        String topic = "emitter-" + UUID.randomUUID().toString().substring(0, 8);
        EmitterConfig config =
                EmitterConfig.defaults("emitter-it", KafkaBroker.bootstrapServers(), dir.resolve("emitter.spill"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (EventEmitter emitter = EventEmitter.start(config, Map.of(topic, 3), registry)) {
            assertThat(emitter.kafkaUp()).isTrue();
            IntStream.range(0, 50).forEach(i -> assertThat(
                            emitter.emit(Event.of("tick", Map.of("n", i), topic, Map.of("traceparent", "tp-" + i))))
                    .isTrue());
            assertThat(emitter.flush(Duration.ofSeconds(10))).isTrue();

            List<ConsumerRecord<byte[], byte[]>> records = KafkaBroker.consumeAll(topic, Duration.ofSeconds(30), 50);
            assertThat(records).hasSize(50);
            assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8))
                    .contains("\"event_type\":\"tick\"", "\"event_id\":");
            assertThat(records.get(0).headers().lastHeader("traceparent")).isNotNull();
            assertThat(partitions(topic)).isEqualTo(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> emitter.state().sent() == 50);
            assertThat(registry.get("sluice.events.sent")
                            .tag("service", "emitter-it")
                            .counter()
                            .count())
                    .isEqualTo(50.0);
        }
    }

    private static int partitions(String topic) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
        }
    }
}
