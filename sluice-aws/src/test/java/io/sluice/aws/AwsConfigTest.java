package io.sluice.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class AwsConfigTest {

    @Test
    void defaults_to_us_east_1_no_endpoint_and_the_default_credential_chain() {
        AwsConfig config = AwsConfig.from(Settings.of(Map.of()));

        assertThat(config.region()).isEqualTo(Region.US_EAST_1);
        assertThat(config.endpoint()).isEmpty();
        assertThat(config.s3EndpointOrDefault()).isEmpty();
        assertThat(config.dynamoDbEndpointOrDefault()).isEmpty();
        assertThat(config.credentials()).isEmpty();
    }

    @Test
    void a_service_endpoint_wins_over_the_shared_one() {
        AwsConfig config = AwsConfig.from(Settings.of(Map.of(
                "aws.region", "eu-west-1",
                "aws.endpoint_url", "http://localhost:4566",
                "aws.endpoint_url_s3", "http://127.0.0.1:9000")));

        assertThat(config.region()).isEqualTo(Region.EU_WEST_1);
        assertThat(config.s3EndpointOrDefault()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(config.dynamoDbEndpointOrDefault()).contains(URI.create("http://localhost:4566"));
    }

    @Test
    void static_credentials_are_read_together_and_the_secret_is_not_printed() {
        AwsConfig config =
                AwsConfig.from(Settings.of(Map.of("aws.access_key_id", "local", "aws.secret_access_key", "s3cret")));

        assertThat(config.credentials()).hasValueSatisfying(c -> {
            assertThat(c.accessKeyId()).isEqualTo("local");
            assertThat(c.toString()).doesNotContain("s3cret");
        });
    }

    @Test
    void s3s_own_credentials_win_for_s3_and_leave_the_shared_ones_alone() {
        AwsConfig config = AwsConfig.from(Settings.of(Map.of(
                "aws.access_key_id",
                "shared",
                "aws.secret_access_key",
                "x",
                "aws.s3_access_key_id",
                "s3only",
                "aws.s3_secret_access_key",
                "y")));

        assertThat(config.s3CredentialsOrDefault())
                .hasValueSatisfying(c -> assertThat(c.accessKeyId()).isEqualTo("s3only"));
        assertThat(config.credentials())
                .hasValueSatisfying(c -> assertThat(c.accessKeyId()).isEqualTo("shared"));
        assertThat(AwsConfig.from(Settings.of(Map.of("aws.s3_access_key_id", "a", "aws.s3_secret_access_key", "b")))
                        .credentials())
                .as("DynamoDB keeps the default chain")
                .isEmpty();
    }

    @Test
    void one_credential_key_without_the_other_is_an_error_naming_it() {
        assertThatThrownBy(() -> AwsConfig.from(Settings.of(Map.of("aws.access_key_id", "local"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("aws.secret_access_key")
                .hasMessageContaining("got only aws.access_key_id");
    }

    @Test
    void a_bad_endpoint_is_an_error_naming_the_key_and_value() {
        assertThatThrownBy(() -> AwsConfig.from(Settings.of(Map.of("aws.endpoint_url_dynamodb", "localhost:8000"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("aws.endpoint_url_dynamodb")
                .hasMessageContaining("'localhost:8000'");
    }

    @Test
    void a_bad_region_is_an_error_naming_the_key_and_value() {
        assertThatThrownBy(() -> AwsConfig.from(Settings.of(Map.of("aws.region", "US East"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("aws.region")
                .hasMessageContaining("'US East'");
    }

    @Test
    void the_environment_names_the_sdk_variables() {
        assertThat(AwsConfig.ENV)
                .containsEntry("AWS_REGION", "aws.region")
                .containsEntry("AWS_ENDPOINT_URL", "aws.endpoint_url");
    }
}
