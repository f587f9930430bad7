package io.sluice.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyticsConfigTest {
    private static AnalyticsConfig config(Map<String, String> values) {
        return AnalyticsConfig.from(Settings.of(values), Path.of("data"));
    }

    @Test
    void defaults_are_the_seeds() {
        AnalyticsConfig c = config(Map.of());
        assertThat(c.applicationId()).isEqualTo("analytics-service-group");
        assertThat(c.topics()).containsExactly("dbserver1.public.orders", "dbserver1.public.order_items");
        assertThat(c.flushInterval()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(c.s3Bucket()).isNull();
        assertThat(c.topN()).isEqualTo(100);
        assertThat(c.parquet()).isFalse();
        assertThat(c.stateDir()).isEqualTo(Path.of("data", "analytics", "streams"));
        assertThat(c.http().port()).isEqualTo(8080);
    }

    @Test
    void the_seeds_environment_sets_the_keys() {
        Settings s = Settings.builder()
                .env(
                        AnalyticsConfig.ENV,
                        Map.of(
                                "KAFKA_GROUP_ID", "g1",
                                "KAFKA_TOPICS", "a, b",
                                "S3_BUCKET", "lake",
                                "FLUSH_INTERVAL", "60",
                                "ANALYTICS_TIME_ZONE", "Europe/Paris"))
                .build();
        AnalyticsConfig c = AnalyticsConfig.from(s, Path.of("data"));
        assertThat(c.applicationId()).isEqualTo("g1");
        assertThat(c.topics()).isEqualTo(List.of("a", "b"));
        assertThat(c.s3Bucket()).isEqualTo("lake");
        assertThat(c.flushInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    @Test
    void a_bad_value_names_the_key_and_the_value() {
        assertThatThrownBy(() -> config(Map.of("services.analytics.flush_interval", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.analytics.flush_interval must be a duration such as 300 (seconds), 5m, 90s, 500ms"
                        + " or PT5M, got 'soon'");
        assertThatThrownBy(() -> config(Map.of("services.analytics.flush_interval", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.analytics.flush_interval (FLUSH_INTERVAL) must be positive, got PT0S");
        assertThatThrownBy(() -> config(Map.of("services.analytics.time_zone", "Mars/Olympus")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.analytics.time_zone (ANALYTICS_TIME_ZONE) must be a zone id such as UTC or"
                        + " Europe/Paris, got 'Mars/Olympus'");
        assertThatThrownBy(() -> config(Map.of("services.analytics.kafka.topics", " , ")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.analytics.kafka.topics (KAFKA_TOPICS) must name at least one topic");
    }

    @Test
    void kafka_streams_properties_pass_through_but_cannot_change_the_guarantee_or_the_ids() {
        AnalyticsConfig c = config(Map.of(
                "services.analytics.kafka.streams.commit.interval.ms", "1000",
                "services.analytics.kafka.streams.processing.guarantee", "at_least_once",
                "services.analytics.kafka.streams.application.id", "other"));
        java.util.Properties p =
                AnalyticsService.streamsProperties(c, new org.apache.kafka.streams.state.HostInfo("localhost", 8083));
        assertThat(p.get("commit.interval.ms")).isEqualTo("1000");
        assertThat(p.get("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(p.get("application.id")).isEqualTo("analytics-service-group");
    }
}
