package io.sluice.textwriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.Settings;
import io.sluice.core.service.ServiceRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text writer reads {@code services.text-writer.<key>} as its root {@code <key>} (the original-style layout). */
class TextWriterNamespaceTest {
    private static TextWriterConfig config(Map<String, String> keys) {
        return TextWriterConfig.from(ServiceRegistry.settingsFor(new TextWriterProvider(), Settings.of(keys)));
    }

    @Test
    void namespaced_keys_win_over_the_root_keys_of_the_same_layer() {
        TextWriterConfig c = config(Map.of(
                "kafka.input_topic", "root-topic",
                "services.text-writer.kafka.input_topic", "ns-topic",
                "services.text-writer.http.port", "6001"));
        assertThat(c.topic()).isEqualTo("ns-topic");
        assertThat(c.http().port()).isEqualTo(6001);
        assertThat(config(Map.of("kafka.input_topic", "root-topic")).topic()).isEqualTo("root-topic");
    }

    @Test
    void errors_name_the_namespaced_key() {
        assertThatThrownBy(() -> config(Map.of("services.text-writer.batch.max_records", "-1")))
                .hasMessage("services.text-writer.batch.max_records must be between 1 and 1000000, got -1");
    }
}
