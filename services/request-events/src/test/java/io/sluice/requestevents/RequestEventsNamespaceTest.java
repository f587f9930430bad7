package io.sluice.requestevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.core.service.ServiceRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code services.request-events.*} and the older {@code events.*} keys, and errors that name what was written. */
class RequestEventsNamespaceTest {
    private static RequestEventsConfig config(Map<String, String> keys) {
        return RequestEventsConfig.from(ServiceRegistry.settingsFor(new RequestEventsProvider(), Settings.of(keys)));
    }

    @Test
    void namespaced_keys_set_the_service_and_shared_keys_stay_at_the_root() {
        RequestEventsConfig c = config(Map.of(
                "services.request-events.topic", "ns-events",
                "services.request-events.http.port", "9100",
                "services.request-events.batch.max_records", "7",
                "kafka.bootstrap_servers", "k:9092"));
        assertThat(c.topic()).isEqualTo("ns-events");
        assertThat(c.http().port()).isEqualTo(9100);
        assertThat(c.consumer().maxRecords()).isEqualTo(7);
        assertThat(c.bootstrapServers()).isEqualTo("k:9092");
    }

    @Test
    void a_bad_consumer_value_is_reported_under_the_key_the_user_wrote() {
        assertThatThrownBy(() -> config(Map.of("events.batch.max_records", "lots")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("events.batch.max_records must be an integer, got 'lots'");
        assertThatThrownBy(() -> config(Map.of("services.request-events.batch.max_records", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.request-events.batch.max_records must be between 1 and 1000000, got 0");
        assertThatThrownBy(() -> config(Map.of("services.request-events.http.port", "x")))
                .hasMessage("services.request-events.http.port must be an integer, got 'x'");
    }
}
