package io.sluice.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void file_then_environment_then_overrides_each_replace_single_keys() throws Exception {
        Path file = yaml(
                """
                kafka:
                  bootstrap_servers: "kafka:29092"
                  input_topic: "text-messages"
                database:
                  host: postgres
                  port: 5432
                """);
        Settings s = Settings.load(
                file,
                Map.of("DATABASE_HOST", "database.host", "DATABASE_PORT", "database.port"),
                Map.of("DATABASE_HOST", "db.example", "UNRELATED", "x"),
                Map.of("database.port", "6543"));
        assertThat(s.string("kafka.bootstrap_servers", "?")).isEqualTo("kafka:29092");
        assertThat(s.string("database.host", "?")).isEqualTo("db.example");
        assertThat(s.integer("database.port", 0)).isEqualTo(6543);
        assertThat(s.origin("database.host")).isEqualTo("env DATABASE_HOST");
        assertThat(s.origin("database.port")).isEqualTo("override");
        assertThat(s.isSet("http.port")).isFalse();
        assertThat(s.integer("http.port", 5001)).isEqualTo(5001);
    }

    @Test
    void the_originals_flask_section_is_read_as_http_and_http_wins_when_both_exist() throws Exception {
        assertThat(Settings.load(yaml("flask:\n  host: 0.0.0.0\n  port: 5002\n"), Map.of(), Map.of(), Map.of())
                        .integer("http.port", 0))
                .isEqualTo(5002);
        assertThat(Settings.load(yaml("flask:\n  port: 5002\nhttp:\n  port: 5005\n"), Map.of(), Map.of(), Map.of())
                        .integer("http.port", 0))
                .isEqualTo(5005);
    }

    @Test
    void bad_values_name_the_key_and_the_value() {
        Settings s =
                Settings.of(Map.of("database.port", "abc", "kafka.create_topics", "maybe", "batch.max_records", "0"));
        assertThatThrownBy(() -> s.integer("database.port", 1))
                .isInstanceOf(ConfigException.class)
                .hasMessage("database.port must be an integer, got 'abc'");
        assertThatThrownBy(() -> s.bool("kafka.create_topics", true))
                .hasMessage("kafka.create_topics must be true or false, got 'maybe'");
        assertThatThrownBy(() -> s.integer("batch.max_records", 1, 1, 10))
                .hasMessage("batch.max_records must be between 1 and 10, got 0");
    }

    @Test
    void a_named_config_file_that_does_not_exist_is_an_error() {
        assertThatThrownBy(() -> Settings.load(dir.resolve("missing.yaml"), Map.of(), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not exist");
    }
}
