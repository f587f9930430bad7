package io.sluice.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.Settings;
import io.sluice.core.service.ServiceRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code services.embeddings.*} reaches the older {@code embedding.*} and {@code embeddings.http.*} keys. */
class EmbeddingsNamespaceTest {
    private static EmbeddingsConfig config(Map<String, String> keys) {
        return EmbeddingsConfig.from(ServiceRegistry.settingsFor(new EmbeddingsProvider(), Settings.of(keys)));
    }

    @Test
    void namespaced_keys_set_the_port_the_model_and_the_database() {
        EmbeddingsConfig c = config(Map.of(
                "services.embeddings.http.port", "6003",
                "services.embeddings.provider", "mock",
                "services.embeddings.store", "lucene",
                "services.embeddings.database.name", "other_db"));
        assertThat(c.http().port()).isEqualTo(6003);
        assertThat(c.provider()).isEqualTo("mock");
        assertThat(c.store()).isEqualTo("lucene");
        assertThat(c.database().name()).isEqualTo("other_db");
        assertThat(config(Map.of("embedding.provider", "mock")).provider()).isEqualTo("mock");
    }

    @Test
    void errors_name_the_namespaced_key() {
        assertThatThrownBy(() -> config(Map.of("services.embeddings.batch_size", "0")))
                .hasMessage("services.embeddings.batch_size must be between 1 and 1024, got 0");
    }
}
