package io.sluice.requestevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.producer.EmitterConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestEventsConfigTest {
    @Test
    void the_defaults_are_the_original_readme_values() {
        RequestEventsConfig c = RequestEventsConfig.from(Settings.of(Map.of()));

        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.topic()).isEqualTo("simple-time-events");
        assertThat(c.consumer().groupId()).isEqualTo("simple-time-group");
        assertThat(c.dbPath()).isEqualTo(Path.of("./data/events.db"));
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.allowedTopics()).isEqualTo(Set.of("simple-time-events"));
        assertThat(c.trustedProxies()).isEmpty();
        assertThat(c.tracing().enabled()).isFalse();
        assertThat(c.emitter().spillPath())
                .isEqualTo(Path.of("./data").toAbsolutePath().resolve("request-events.spill"));
        assertThat(c.emitter().fsync()).isEqualTo(EmitterConfig.FsyncPolicy.INTERVAL);
    }

    @Test
    void the_original_environment_variables_set_their_keys() {
        Map<String, String> env = Map.of(
                "KAFKA_BROKERS", "k1:9092,k2:9092",
                "KAFKA_TOPIC_EVENTS", "my-events",
                "KAFKA_CONSUMER_GROUP", "my-group",
                "DB_PATH", "/var/lib/events.db",
                "PORT", "9090",
                "TRUSTED_PROXIES", "10.0.0.0/8",
                "POD_IP", "10.1.1.1",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector:4317");

        RequestEventsConfig c = RequestEventsConfig.from(
                Settings.builder().env(RequestEventsConfig.ENV, env).build());

        assertThat(c.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(c.topic()).isEqualTo("my-events");
        assertThat(c.consumer().groupId()).isEqualTo("my-group");
        assertThat(c.dbPath()).isEqualTo(Path.of("/var/lib/events.db"));
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.trustedProxies()).containsExactly("10.0.0.0/8");
        assertThat(c.podIp()).isEqualTo("10.1.1.1");
        assertThat(c.tracing().endpoint()).isEqualTo("http://otel-collector:4317");
        assertThat(c.tracing().protocol()).isEqualTo("grpc");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "events.spill.fsync | sometimes | events.spill.fsync must be always, interval or never, got 'sometimes'",
                "otel.exporter.otlp.protocol | http/json | otel.exporter.otlp.protocol must be grpc or http/protobuf,"
                        + " got 'http/json'",
                "events.trusted_proxies | 10.0.0.0/99 | events.trusted_proxies: '10.0.0.0/99' has a prefix length"
                        + " outside 0..32",
                "events.publish.max_bytes | 0 | events.publish.max_bytes must be between 2 and 1048576, got 0",
                "events.http.port | 70000 | events.http.port must be between 0 and 65535, got 70000",
                "events.spill.max_bytes | 100 | events.spill.max_bytes must be at least 1024, got 100",
                "events.queue_capacity | 0 | events.queue_capacity must be between 1 and 10000000, got 0",
                "events.kafka.delivery_timeout_ms | 10 | events.kafka.delivery_timeout_ms must be at least 1000, got 10",
                "events.enabled | maybe | events.enabled must be true or false, got 'maybe'",
            })
    void a_bad_value_fails_at_startup_naming_the_key_and_the_value(String key, String value, String message) {
        assertThatThrownBy(() -> RequestEventsConfig.from(Settings.of(Map.of(key, value))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
