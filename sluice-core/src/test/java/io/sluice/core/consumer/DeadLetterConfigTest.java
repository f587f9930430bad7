package io.sluice.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterConfigTest {
    @Test
    void defaults_are_kafkas_request_size_and_no_compression() {
        DeadLetterConfig c = ConsumerLoopConfig.from(Settings.of(Map.of()), "svc", "b:9092", "g", "t")
                .deadLetter();
        assertThat(c).isEqualTo(new DeadLetterConfig(1_048_576, "none"));
    }

    @Test
    void the_keys_are_read_under_the_consumers_settings() {
        Settings s = Settings.of(Map.of("dlq.max_request_size", "8388608", "dlq.compression_type", "ZSTD"));
        assertThat(ConsumerLoopConfig.from(s, "svc", "b:9092", "g", "t").deadLetter())
                .isEqualTo(new DeadLetterConfig(8_388_608, "zstd"));
    }

    @Test
    void an_unknown_compression_type_names_the_key_and_the_value() {
        Settings s = Settings.of(Map.of("dlq.compression_type", "brotli"));
        assertThatThrownBy(() -> DeadLetterConfig.from(s))
                .isInstanceOf(ConfigException.class)
                .hasMessage("dlq.compression_type must be one of none, gzip, snappy, lz4, zstd, got 'brotli'");
    }

    @Test
    void a_request_size_out_of_range_names_the_key_and_the_value() {
        Settings s = Settings.of(Map.of("dlq.max_request_size", "100"));
        assertThatThrownBy(() -> DeadLetterConfig.from(s))
                .isInstanceOf(ConfigException.class)
                .hasMessage("dlq.max_request_size must be between 1024 and 33554432, got 100");
    }
}
