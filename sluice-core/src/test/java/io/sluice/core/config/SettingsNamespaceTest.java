package io.sluice.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Settings#rewrite}, {@link Settings#within} and error messages that name the key the user wrote. */
class SettingsNamespaceTest {

    @Test
    void a_namespaced_key_is_read_under_the_older_name_the_service_reads() {
        Settings s = Settings.of(Map.of("services.events.topic", "mine", "events.partitions", "6"))
                .rewrite("services.events", k -> "events." + k);
        assertThat(s.string("events.topic", "default")).isEqualTo("mine");
        assertThat(s.integer("events.partitions", 3)).isEqualTo(6);
    }

    @Test
    void a_namespaced_key_in_the_file_does_not_beat_an_environment_variable_for_the_older_name(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "services:\n  events:\n    http:\n      port: 9100\n");
        Settings s = Settings.builder()
                .file(file)
                .env(Map.of("PORT", "events.http.port"), Map.of("PORT", "9000"))
                .build()
                .rewrite("services.events", k -> "events." + k);
        assertThat(s.integer("events.http.port", 8080)).isEqualTo(9000);
        Settings both = Settings.of(Map.of("events.http.port", "9000", "services.events.http.port", "9100"))
                .rewrite("services.events", k -> "events." + k);
        assertThat(both.integer("events.http.port", 8080))
                .as("same layer: the namespaced key is more specific")
                .isEqualTo(9100);
    }

    @Test
    void errors_name_the_key_the_user_wrote_through_rewrite_and_within() {
        Settings s = Settings.of(Map.of("services.events.batch.max_records", "lots"))
                .rewrite("services.events", k -> "events." + k)
                .within("events");
        assertThatThrownBy(() -> s.integer("batch.max_records", 10))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.events.batch.max_records must be an integer, got 'lots'");
        Settings legacy = Settings.of(Map.of("events.batch.max_records", "0")).within("events");
        assertThatThrownBy(() -> legacy.integer("batch.max_records", 10, 1, 100))
                .hasMessage("events.batch.max_records must be between 1 and 100, got 0");
    }

    @Test
    void within_reads_a_section_as_a_whole_file_and_with_defaults_fills_only_unset_keys() {
        Settings s = Settings.of(Map.of("events.batch.linger_ms", "50", "other", "x"))
                .within("events")
                .withDefaults(Map.of("batch.linger_ms", "200", "retry.max_backoff_ms", "5000"));
        assertThat(s.string("batch.linger_ms", null)).isEqualTo("50");
        assertThat(s.string("retry.max_backoff_ms", null)).isEqualTo("5000");
        assertThat(s.isSet("other")).isFalse();
    }
}
