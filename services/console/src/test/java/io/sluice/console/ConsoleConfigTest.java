package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.core.json.Json;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration, the proxy's allow-list and the masking of secrets: pure logic. */
class ConsoleConfigTest {
    private static Settings settings(Map<String, String> extra) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("kafka.bootstrap_servers", "k:9092"));
        m.putAll(extra);
        return Settings.of(m);
    }

    @Test
    void defaults_are_5s_samples_24h_history_10000_records_per_scan() {
        ConsoleConfig c = ConsoleConfig.from(settings(Map.of()));

        assertThat(c.sampleInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.history()).isEqualTo(Duration.ofHours(24));
        assertThat(c.maxScan()).isEqualTo(10_000);
        assertThat(c.urls()).isEmpty();
    }

    @Test
    void own_urls_override_the_platform_ones_and_the_console_is_not_its_own_service() {
        ConsoleConfig c = ConsoleConfig.from(settings(Map.of(
                "platform.urls.text-writer", "http://127.0.0.1:5001",
                "platform.urls.console", "http://127.0.0.1:5080",
                "platform.urls.embeddings", "http://127.0.0.1:5002",
                "services.console.urls.embeddings", "http://embeddings:8080",
                "http.api_token", "shared",
                "services.console.tokens.embeddings", "own")));

        assertThat(c.urls())
                .isEqualTo(Map.of("text-writer", "http://127.0.0.1:5001", "embeddings", "http://embeddings:8080"));
        assertThat(c.tokens()).isEqualTo(Map.of("text-writer", "shared", "embeddings", "own"));
    }

    @Test
    void durations_take_units_and_bare_seconds() {
        ConsoleConfig c = ConsoleConfig.from(
                settings(Map.of("services.console.sample_interval", "500ms", "services.console.history", "2h")));
        assertThat(c.sampleInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.history()).isEqualTo(Duration.ofHours(2));
        assertThat(ConsoleConfig.from(settings(Map.of("services.console.sample_interval", "10")))
                        .sampleInterval())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void bad_values_name_the_key() {
        assertThatThrownBy(() -> ConsoleConfig.from(settings(Map.of("services.console.sample_interval", "soon"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "services.console.sample_interval must be a duration such as 500ms, 5s, 2m or 24h, got 'soon'");
        assertThatThrownBy(() -> ConsoleConfig.from(settings(Map.of("services.console.sample_interval", "10ms"))))
                .hasMessageStartingWith("services.console.sample_interval must be between 100ms and 1h");
        assertThatThrownBy(() -> ConsoleConfig.from(settings(Map.of("services.console.max_scan", "0"))))
                .hasMessage("services.console.max_scan must be between 1 and 1000000, got 0");
        assertThatThrownBy(() -> ConsoleConfig.from(settings(Map.of("services.console.urls.x", "ftp://x"))))
                .hasMessage("services.console.urls.x must be an http(s) URL (http://host:port), got 'ftp://x'");
        assertThatThrownBy(() -> ConsoleConfig.from(Settings.of(Map.of())))
                .hasMessage("kafka.bootstrap_servers is required but not set");
    }

    @Test
    void the_proxy_allows_only_the_panels_paths() {
        assertThat(DataProxy.allowed("text-writer", "messages")).isTrue();
        assertThat(DataProxy.allowed("text-writer", "messages/abc-123")).isTrue();
        assertThat(DataProxy.allowed("text-writer", "stats")).isTrue();
        assertThat(DataProxy.allowed("text-writer", "messages/a/b")).isFalse();
        assertThat(DataProxy.allowed("text-writer", "metrics")).isFalse();
        assertThat(DataProxy.allowed("text-writer", "messages/..")).isFalse();
        assertThat(DataProxy.allowed("text-writer", "messages//x")).isFalse();
        assertThat(DataProxy.allowed("request-events", "events/recent")).isTrue();
        assertThat(DataProxy.allowed("request-events", "eventsX")).isFalse();
        assertThat(DataProxy.allowed("embeddings", "embeddings/search")).isTrue();
        assertThat(DataProxy.allowed("unknown", "messages")).isFalse();
    }

    @Test
    void secrets_are_masked_at_any_depth_and_url_credentials_dropped() throws Exception {
        JsonNode body = Json.mapper()
                .readTree(
                        """
                        {"status": "healthy", "database_password": "hunter2", "api_token": "t",
                         "nested": {"secret": "s", "aws_secret_access_key": "k", "url": "postgres://u:p@db:5432/x",
                                    "keys": 3, "list": [{"password": "p"}]}}
                        """);

        JsonNode masked = Secrets.mask(body);

        assertThat(masked.path("status").asText()).isEqualTo("healthy");
        assertThat(masked.path("database_password").asText()).isEqualTo("***");
        assertThat(masked.path("api_token").asText()).isEqualTo("***");
        assertThat(masked.path("nested").path("secret").asText()).isEqualTo("***");
        assertThat(masked.path("nested").path("aws_secret_access_key").asText()).isEqualTo("***");
        assertThat(masked.path("nested").path("url").asText()).isEqualTo("postgres://***@db:5432/x");
        assertThat(masked.path("nested").path("keys").asInt()).isEqualTo(3);
        assertThat(masked.path("nested").path("list").get(0).path("password").asText())
                .isEqualTo("***");
        assertThat(body.path("database_password").asText()).isEqualTo("hunter2");
    }
}
