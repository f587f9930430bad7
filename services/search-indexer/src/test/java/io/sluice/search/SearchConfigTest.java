package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchConfigTest {

    @Test
    void defaults_are_the_seeds() {
        SearchConfig c = SearchConfig.from(Settings.of(Map.of()));

        assertThat(c.topic()).isEqualTo("dbserver1.public.products");
        assertThat(c.consumer().groupId()).isEqualTo("search-indexer-group");
        assertThat(c.dynamoDbTable()).isEqualTo("product-search-index");
        assertThat(c.awsRegion()).isEqualTo("us-east-1");
        assertThat(c.awsEndpointUrl()).isNull();
        assertThat(c.dlqS3Bucket()).isNull();
        assertThat(c.store()).isEqualTo(SearchConfig.Store.POSTGRES);
        assertThat(c.tombstoneRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.tombstoneSweepInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void the_seeds_environment_variables_set_the_keys() {
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "KAFKA_GROUP_ID", "g",
                "KAFKA_TOPIC", "shop.public.products",
                "DYNAMODB_TABLE", "cdc-platform-product-search-index",
                "AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL", "http://localhost:8000",
                "DLQ_S3_BUCKET", "dlq");
        SearchConfig c =
                SearchConfig.from(Settings.builder().env(SearchConfig.ENV, env).build());

        assertThat(c.bootstrapServers()).isEqualTo("k:9092");
        assertThat(c.consumer().groupId()).isEqualTo("g");
        assertThat(c.topic()).isEqualTo("shop.public.products");
        assertThat(c.dynamoDbTable()).isEqualTo("cdc-platform-product-search-index");
        assertThat(c.awsRegion()).isEqualTo("eu-west-1");
        assertThat(c.awsEndpointUrl()).isEqualTo("http://localhost:8000");
        assertThat(c.dlqS3Bucket()).isEqualTo("dlq");
    }

    @Test
    void port_sets_the_http_port_when_run_alone_over_the_file_but_not_over_an_override() {
        Settings none = Settings.of(Map.of());
        assertThat(SearchConfig.from(SearchConfig.withPort(none, Map.of("PORT", "9999")))
                        .http()
                        .port())
                .isEqualTo(9999);
        Settings overridden = Settings.builder()
                .override(SearchConfig.PREFIX + ".http.port", "7000")
                .build();
        assertThat(SearchConfig.from(SearchConfig.withPort(overridden, Map.of("PORT", "9999")))
                        .http()
                        .port())
                .isEqualTo(7000);
    }

    @Test
    void durations_take_days_hours_minutes_seconds_millis_and_iso() {
        assertThat(SearchConfig.duration("k", "7d")).isEqualTo(Duration.ofDays(7));
        assertThat(SearchConfig.duration("k", "12h")).isEqualTo(Duration.ofHours(12));
        assertThat(SearchConfig.duration("k", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(SearchConfig.duration("k", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(SearchConfig.duration("k", "1500")).isEqualTo(Duration.ofMillis(1500));
        assertThat(SearchConfig.duration("k", "P2D")).isEqualTo(Duration.ofDays(2));
        assertThat(SearchConfig.text(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(SearchConfig.text(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(SearchConfig.text(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void bad_values_name_the_key() {
        assertThatThrownBy(() -> SearchConfig.from(Settings.of(Map.of(SearchConfig.PREFIX + ".store", "mongo"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.search-indexer.store must be postgres or dynamodb, got 'mongo'");
        assertThatThrownBy(() ->
                        SearchConfig.from(Settings.of(Map.of(SearchConfig.PREFIX + ".tombstone_retention", "a week"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services.search-indexer.tombstone_retention must be a duration")
                .hasMessageContaining("'a week'");
        assertThatThrownBy(
                        () -> SearchConfig.from(Settings.of(Map.of(SearchConfig.PREFIX + ".tombstone_retention", "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.search-indexer.tombstone_retention must be positive, got PT0S");
    }
}
