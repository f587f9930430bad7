package io.sluice.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EmbeddingsConfigTest {

    @Test
    void defaults_are_minilm_auto_store_port_5003_and_the_text_writer_database() {
        EmbeddingsConfig c = EmbeddingsConfig.from(Settings.of(Map.of()));

        assertThat(c.provider()).isEqualTo("minilm");
        assertThat(c.store()).isEqualTo("auto");
        assertThat(c.http().port()).isEqualTo(5003);
        assertThat(c.database().name()).isEqualTo("text_messages_db");
        assertThat(c.batchSize()).isEqualTo(32);
        assertThat(c.threads()).isBetween(1, 4);
        assertThat(c.efSearch("lucene")).isEqualTo(EmbeddingsConfig.LUCENE_EF_SEARCH);
        assertThat(c.efSearch("pgvector")).isEqualTo(EmbeddingsConfig.PGVECTOR_EF_SEARCH);
        assertThat(c.bulkIndexMinBacklog()).isEqualTo(1000);
        assertThat(c.maintenanceWorkMem()).isEqualTo("512MB");
        assertThat(c.hnswM("pgvector")).isEqualTo(8);
        assertThat(c.hnswEfConstruction("pgvector")).isEqualTo(32);
        assertThat(c.hnswM("lucene")).isEqualTo(12);
        assertThat(c.hnswEfConstruction("lucene")).isEqualTo(32);
        assertThat(c.autoStart()).isTrue();
    }

    @Test
    void inside_up_the_shared_http_port_is_the_text_writers_not_ours() {
        EmbeddingsConfig c = EmbeddingsConfig.from(Settings.of(Map.of("http.port", "5001")));

        assertThat(c.http().port()).isEqualTo(5003);
    }

    @Test
    void run_alone_http_port_sets_our_port_unless_embeddings_http_port_does() {
        assertThat(EmbeddingsConfig.standalone(Settings.of(Map.of("http.port", "7000")))
                        .http()
                        .port())
                .isEqualTo(7000);
        assertThat(EmbeddingsConfig.standalone(Settings.of(Map.of("http.port", "7000", "embeddings.http.port", "7001")))
                        .http()
                        .port())
                .isEqualTo(7001);
    }

    @Test
    void the_environment_names_the_provider_store_and_port() {
        Settings s = Settings.load(
                null,
                EmbeddingsConfig.ENV,
                Map.of("EMBEDDING_PROVIDER", "mock", "EMBEDDING_STORE", "lucene", "EMBEDDINGS_HTTP_PORT", "6003"),
                Map.of());

        EmbeddingsConfig c = EmbeddingsConfig.from(s);

        assertThat(c.provider()).isEqualTo("mock");
        assertThat(c.store()).isEqualTo("lucene");
        assertThat(c.http().port()).isEqualTo(6003);
    }

    @Test
    void bad_values_name_the_key_and_the_value() {
        assertThatThrownBy(() -> EmbeddingsConfig.from(Settings.of(Map.of("embedding.provider", "bert"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("embedding.provider must be one of minilm, mock, http, got 'bert'");
        assertThatThrownBy(() -> EmbeddingsConfig.from(Settings.of(Map.of("embedding.store", "faiss"))))
                .hasMessage("embedding.store must be one of auto, pgvector, lucene, got 'faiss'");
        assertThatThrownBy(() -> EmbeddingsConfig.from(Settings.of(Map.of("embedding.provider", "http"))))
                .hasMessage(
                        "embedding.provider http needs embedding.http.url and embedding.http.model, got url=null model=null");
        assertThatThrownBy(() -> EmbeddingsConfig.from(Settings.of(Map.of("embedding.dimension", "768"))))
                .hasMessage("embedding.dimension must be 384 for the minilm model, got 768");
        assertThatThrownBy(() -> EmbeddingsConfig.from(Settings.of(Map.of("embedding.threads", "0"))))
                .hasMessage("embedding.threads must be between 1 and 64, got 0");
        assertThatThrownBy(() -> EmbeddingsConfig.from(
                        Settings.of(Map.of("embedding.pgvector.maintenance_work_mem", "1GB'; DROP TABLE x; --"))))
                .hasMessage("embedding.pgvector.maintenance_work_mem must be a PostgreSQL size such as 512MB or 1GB,"
                        + " got '1GB'; DROP TABLE x; --'");
    }

    @Test
    void notification_payloads_are_ids_or_a_request_to_sweep() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();

        assertThat(ChangeListener.parse(a + "," + b)).isEqualTo(Set.of(a, b));
        assertThat(ChangeListener.parse("*")).isNull();
        assertThat(ChangeListener.parse("")).isNull();
        assertThat(ChangeListener.parse("not-a-uuid")).isNull();
    }
}
