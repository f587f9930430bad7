package io.sluice.activity.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestionConfigTest {

    @Test
    void the_defaults_follow_the_issue_and_the_seed() {
        IngestionConfig c = IngestionConfig.from(Settings.of(Map.of()), Path.of("/data"));

        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.topic()).isEqualTo("user-activity-events");
        assertThat(c.partitions()).isEqualTo(6);
        assertThat(c.environment()).isEqualTo("development");
        assertThat(c.http().port()).isEqualTo(9094);
        assertThat(c.maxEventBytes()).isEqualTo(32 * 1024);
        assertThat(c.maxRequestBytes()).isEqualTo(1024 * 1024);
        assertThat(c.maxBatchEvents()).isEqualTo(500);
        assertThat(c.dedupeWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.produce()).isTrue();
        assertThat(c.emitter().spillPath()).isEqualTo(Path.of("/data/activity-ingestion.spill"));
        assertThat(c.emitter().queueCapacity()).isEqualTo(50_000);
        assertThat(c.emitter().producerProperties())
                .containsEntry("compression.type", "snappy")
                .containsEntry("linger.ms", "5");
    }

    @Test
    void keys_under_the_services_namespace_override_the_defaults() {
        IngestionConfig c = IngestionConfig.from(
                Settings.of(Map.of(
                        "services.activity-ingestion.topic", "clicks",
                        "services.activity-ingestion.compression", "LZ4",
                        "services.activity-ingestion.dedupe_window", "90s",
                        "services.activity-ingestion.kafka.producer.linger.ms", "1",
                        "services.activity-ingestion.http.port", "0")),
                Path.of("/data"));

        assertThat(c.topic()).isEqualTo("clicks");
        assertThat(c.compression()).isEqualTo("lz4");
        assertThat(c.dedupeWindow()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.http().port()).isZero();
        assertThat(c.emitter().producerProperties())
                .containsEntry("compression.type", "lz4")
                .containsEntry("linger.ms", "1");
    }

    @Test
    void port_from_the_environment_applies_when_run_alone() {
        Settings s = IngestionConfig.withPort(Settings.of(Map.of()), Map.of("PORT", "7000"));

        assertThat(IngestionConfig.from(s).http().port()).isEqualTo(7000);
    }

    @Test
    void a_bad_value_is_refused_naming_its_key() {
        assertThatThrownBy(() ->
                        IngestionConfig.from(Settings.of(Map.of("services.activity-ingestion.compression", "brotli"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.activity-ingestion.compression must be one of none, gzip, snappy, lz4, zstd,"
                        + " got 'brotli'");
        assertThatThrownBy(() ->
                        IngestionConfig.from(Settings.of(Map.of("services.activity-ingestion.dedupe_window", "soon"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.activity-ingestion.dedupe_window must be a duration such as 10m, 90s, 500ms or"
                        + " PT10M, got 'soon'");
    }
}
