package io.sluice.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmitterConfigTest {
    private static final Path SPILL = Path.of("/var/lib/activity/activity.spill");

    @Test
    void the_keys_are_read_under_the_callers_prefix() {
        EmitterConfig c = EmitterConfig.from(
                Settings.of(Map.of(
                        "activity.queue_capacity", "5",
                        "activity.spill.fsync", "ALWAYS",
                        "activity.kafka.delivery_timeout_ms", "2000",
                        "activity.kafka.producer.compression.type", "zstd",
                        "events.queue_capacity", "7")),
                "activity.",
                "activity-ingestion",
                "broker:9092",
                SPILL);

        assertThat(c.service()).isEqualTo("activity-ingestion");
        assertThat(c.queueCapacity()).isEqualTo(5);
        assertThat(c.fsync()).isEqualTo(EmitterConfig.FsyncPolicy.ALWAYS);
        assertThat(c.deliveryTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.producerProperties()).containsExactly(Map.entry("compression.type", "zstd"));
        assertThat(c.spillPath()).isEqualTo(SPILL);
    }

    @Test
    void the_defaults_need_only_plain_values() {
        EmitterConfig c = EmitterConfig.defaults("svc", "broker:9092", SPILL);

        assertThat(c.queueCapacity()).isEqualTo(EmitterConfig.DEFAULT_QUEUE_CAPACITY);
        assertThat(c.spillMaxBytes()).isEqualTo(EmitterConfig.DEFAULT_SPILL_MAX_BYTES);
        assertThat(c.fsync()).isEqualTo(EmitterConfig.FsyncPolicy.INTERVAL);
        assertThat(c.probeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.deliveryTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.producerProperties()).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "spill.fsync | sometimes | activity.spill.fsync must be always, interval or never, got 'sometimes'",
                "spill.max_bytes | 100 | activity.spill.max_bytes must be at least 1024, got 100",
                "queue_capacity | 0 | activity.queue_capacity must be between 1 and 10000000, got 0",
                "kafka.delivery_timeout_ms | 10 | activity.kafka.delivery_timeout_ms must be at least 1000, got 10",
            })
    void a_bad_value_is_reported_under_the_full_key_the_user_wrote(String key, String value, String message) {
        Settings s = Settings.of(Map.of("activity." + key, value));

        assertThatThrownBy(() -> EmitterConfig.from(s, "activity.", "svc", "broker:9092", SPILL))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
