package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.app.infra.S3Infrastructure;
import io.sluice.aws.AwsClients;
import io.sluice.aws.AwsConfig;
import io.sluice.core.config.Settings;
import io.sluice.core.service.Infrastructure;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 server {@code up} embeds, reached the way services reach it: through the settings it hands them. */
class S3InfrastructureIT {

    @Test
    void the_registry_finds_it_by_the_s3_requirement() {
        assertThat(ServiceRegistry.load().infrastructure(SluiceService.S3)).isInstanceOf(S3Infrastructure.class);
    }

    @Test
    void an_endpoint_in_the_configuration_means_external() {
        Infrastructure s3 = new S3Infrastructure();

        assertThat(s3.isExternal(Settings.of(Map.of()))).isFalse();
        assertThat(s3.isExternal(Settings.of(Map.of("aws.endpoint_url", "http://minio:9000"))))
                .isTrue();
        assertThat(s3.isExternal(Settings.of(Map.of("aws.endpoint_url_s3", "http://minio:9000"))))
                .isTrue();
    }

    @Test
    void services_write_objects_as_files_under_the_data_directory_with_the_settings_it_hands_them(@TempDir Path data)
            throws Exception {
        try (Infrastructure.Running running =
                new S3Infrastructure().start(Settings.of(Map.of("embedded.s3.port", "0")), data)) {
            Settings service = Settings.of(running.settings());
            assertThat(service.required("aws.endpoint_url_s3")).isEqualTo(running.address());
            assertThat(running.description()).contains(data.resolve("s3").toString());

            try (S3Client s3 = AwsClients.s3(AwsConfig.from(service))) {
                s3.createBucket(b -> b.bucket("reports"));
                s3.putObject(b -> b.bucket("reports").key("daily/2026-12-04.json"), RequestBody.fromString("{}"));
            }

            assertThat(Files.readString(data.resolve("s3/reports/daily/2026-12-04.json")))
                    .isEqualTo("{}");
        }
    }
}
