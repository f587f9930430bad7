package io.sluice.activity.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {

    private static ProcessorConfig fromEnv(Map<String, String> env) {
        return ProcessorConfig.from(Settings.load(null, ProcessorConfig.ENV, env, Map.of()));
    }

    @Test
    void the_seed_defaults() {
        ProcessorConfig c = fromEnv(Map.of());
        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.topic()).isEqualTo("user-activity-events");
        assertThat(c.consumer().groupId()).isEqualTo("processing-service-group");
        assertThat(c.maxRetries()).isEqualTo(5);
        assertThat(c.retryDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.development()).isTrue();
        assertThat(c.readFromBeginning()).isFalse();
        assertThat(c.autoCommitRequested()).isNull();
    }

    @Test
    void the_seed_environment_sets_its_keys() {
        ProcessorConfig c = fromEnv(Map.of(
                "KAFKA_BROKERS", "k1:9092,k2:9092",
                "KAFKA_TOPIC", "events",
                "KAFKA_GROUP_ID", "g",
                "AUTO_OFFSET_RESET", "latest",
                "ENABLE_AUTO_COMMIT", "true",
                "MAX_RETRIES", "2",
                "RETRY_DELAY", "1",
                "ENVIRONMENT", "production"));
        assertThat(c.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(c.topic()).isEqualTo("events");
        assertThat(c.consumer().groupId()).isEqualTo("g");
        assertThat(c.consumer().kafkaProperties()).containsEntry("auto.offset.reset", "latest");
        assertThat(c.autoCommitRequested()).isEqualTo("true");
        assertThat(c.maxRetries()).isEqualTo(2);
        assertThat(c.retryDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.development()).isFalse();
    }

    @Test
    void reading_from_the_beginning_resets_to_the_earliest_record() {
        ProcessorConfig c = ProcessorConfig.from(Settings.load(
                null,
                ProcessorConfig.ENV,
                Map.of("AUTO_OFFSET_RESET", "latest"),
                Map.of(ProcessorConfig.READ_FROM_BEGINNING, "true")));
        assertThat(c.readFromBeginning()).isTrue();
        assertThat(c.consumer().kafkaProperties()).containsEntry("auto.offset.reset", "earliest");
        assertThat(new ProcessorProvider().flags())
                .containsExactly(Map.entry("--read-from-beginning", ProcessorConfig.READ_FROM_BEGINNING));
    }

    @Test
    void bad_values_name_the_key() {
        assertThatThrownBy(() -> fromEnv(Map.of("MAX_RETRIES", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services.activity-processor.kafka.max_retries")
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> fromEnv(Map.of("AUTO_OFFSET_RESET", "smallest")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.activity-processor.kafka.consumer.auto.offset.reset (AUTO_OFFSET_RESET) must be"
                        + " earliest, latest or none, got 'smallest'");
    }
}
