package io.sluice.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryConfigTest {

    @Test
    void defaults_are_the_seeds() {
        InventoryConfig c = InventoryConfig.from(Settings.of(Map.of()));

        assertThat(c.topics()).containsExactly("dbserver1.public.products", "dbserver1.public.order_items");
        assertThat(c.consumer().groupId()).isEqualTo("inventory-service-group");
        assertThat(c.dynamoDbTable()).isEqualTo("inventory-realtime");
        assertThat(c.awsRegion()).isEqualTo("us-east-1");
        assertThat(c.dlqS3Bucket()).isNull();
        assertThat(c.lowStockThreshold()).isEqualTo(10);
        assertThat(c.store()).isEqualTo(InventoryConfig.Store.POSTGRES);
        assertThat(c.pendingMaxWait()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.pendingMaxWaitText()).isEqualTo("10m");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.alertTopic()).isEqualTo("inventory.low-stock-alerts");
    }

    @Test
    void the_seeds_environment_variables_set_the_keys() {
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "KAFKA_GROUP_ID", "g",
                "KAFKA_TOPICS", "a.products, b.order_items",
                "DYNAMODB_TABLE", "t",
                "AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL", "http://localhost:8000",
                "DLQ_S3_BUCKET", "dlq",
                "LOW_STOCK_THRESHOLD", "5");
        InventoryConfig c = InventoryConfig.from(
                Settings.builder().env(InventoryConfig.ENV, env).build());

        assertThat(c.bootstrapServers()).isEqualTo("k:9092");
        assertThat(c.consumer().groupId()).isEqualTo("g");
        assertThat(c.topics()).isEqualTo(List.of("a.products", "b.order_items"));
        assertThat(c.dynamoDbTable()).isEqualTo("t");
        assertThat(c.awsRegion()).isEqualTo("eu-west-1");
        assertThat(c.awsEndpointUrl()).isEqualTo("http://localhost:8000");
        assertThat(c.dlqS3Bucket()).isEqualTo("dlq");
        assertThat(c.lowStockThreshold()).isEqualTo(5);
        assertThat(c.http().port()).isEqualTo(8080);
    }

    @Test
    void port_sets_the_http_port_when_run_alone_over_the_file_but_not_over_an_override() {
        Settings none = Settings.of(Map.of());
        assertThat(InventoryConfig.from(InventoryConfig.withPort(none, Map.of("PORT", "9999")))
                        .http()
                        .port())
                .isEqualTo(9999);
        Settings override = none.with(Map.of("services.inventory.http.port", "7777"));
        assertThat(InventoryConfig.from(InventoryConfig.withPort(override, Map.of("PORT", "9999")))
                        .http()
                        .port())
                .isEqualTo(7777);
        assertThat(InventoryConfig.ENV).as("PORT is request events' in up").doesNotContainKey("PORT");
    }

    @Test
    void pending_max_wait_takes_short_iso_and_millisecond_forms() {
        assertThat(InventoryConfig.duration("k", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(InventoryConfig.duration("k", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(InventoryConfig.duration("k", "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(InventoryConfig.duration("k", "PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(InventoryConfig.duration("k", "1500")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> InventoryConfig.duration("services.inventory.pending.max_wait", "soon"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.inventory.pending.max_wait must be a duration such as 10m, 90s, 500ms or PT10M,"
                        + " got 'soon'");
    }

    @Test
    void an_unknown_store_names_the_key() {
        assertThatThrownBy(() -> InventoryConfig.from(Settings.of(Map.of("services.inventory.store", "redis"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("services.inventory.store must be postgres or dynamodb, got 'redis'");
        assertThat(InventoryConfig.from(Settings.of(Map.of("services.inventory.store", "DynamoDB")))
                        .store())
                .isEqualTo(InventoryConfig.Store.DYNAMODB);
    }

    @Test
    void aws_settings_are_the_shared_keys_with_the_services_own_on_top() {
        Settings s = Settings.of(Map.of(
                "aws.region", "eu-west-1",
                "aws.endpoint_url_s3", "http://127.0.0.1:9000",
                "aws.access_key_id", "k",
                "aws.secret_access_key", "s",
                "services.inventory.aws.region", "eu-central-1",
                "services.inventory.aws.endpoint_url", "http://localhost:4567"));

        io.sluice.aws.AwsConfig aws = io.sluice.aws.AwsConfig.forService(s, InventoryConfig.PREFIX);

        assertThat(aws.region().id()).isEqualTo("eu-central-1");
        assertThat(aws.dynamoDbEndpointOrDefault()).hasValue(java.net.URI.create("http://localhost:4567"));
        assertThat(aws.s3EndpointOrDefault()).hasValue(java.net.URI.create("http://127.0.0.1:9000"));
        assertThat(aws.credentials()).isPresent();
    }
}
