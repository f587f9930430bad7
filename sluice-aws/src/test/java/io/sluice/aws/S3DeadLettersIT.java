package io.sluice.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.Settings;
import io.sluice.core.json.Json;
import io.sluice.testkit.S3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** {@link S3DeadLetters} through the SDK's S3 client against the embedded S3 server (s3proxy, files on disk). */
@ExtendWith(S3Server.class)
class S3DeadLettersIT {
    private static final Instant AT = Instant.parse("2026-12-04T21:05:09.123456Z");
    private static S3Client s3;

    @BeforeAll
    static void connect() {
        s3 = AwsClients.s3(AwsConfig.from(Settings.of(S3Server.settings())));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    @Test
    void a_dead_letter_lands_at_the_seeds_key_with_the_seeds_body_as_a_file() throws Exception {
        String bucket = "dlq-" + UUID.randomUUID().toString().substring(0, 8);
        S3DeadLetters letters = new S3DeadLetters(s3, bucket, "inventory-service", Clock.fixed(AT, ZoneOffset.UTC));
        letters.ensureBucket();
        letters.ensureBucket();

        String key = letters.write(
                "dbserver1.public.orders", "{\"id\":1}".getBytes(StandardCharsets.UTF_8), "unknown table orders");

        assertThat(key).isEqualTo("dlq/inventory-service/dbserver1.public.orders/20261204_210509_123456.json");
        ResponseBytes<GetObjectResponse> object =
                s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        assertThat(object.response().contentType()).isEqualTo("application/json");
        JsonNode body = Json.mapper().readTree(object.asByteArray());
        assertThat(body.get("topic").asText()).isEqualTo("dbserver1.public.orders");
        assertThat(body.get("message").asText()).isEqualTo("{\"id\":1}");
        assertThat(body.get("error").asText()).isEqualTo("unknown table orders");
        assertThat(body.get("timestamp").asText()).isEqualTo("2026-12-04T21:05:09.123456");
        assertThat(body.get("service").asText()).isEqualTo("inventory-service");
        assertThat(Files.readAllBytes(S3Server.dataDirectory().resolve(bucket).resolve(key)))
                .isEqualTo(object.asByteArray());
    }

    @Test
    void letters_in_the_same_microsecond_get_distinct_keys() {
        String bucket = "dlq-" + UUID.randomUUID().toString().substring(0, 8);
        S3DeadLetters letters = new S3DeadLetters(s3, bucket, "svc", Clock.fixed(AT, ZoneOffset.UTC));
        letters.ensureBucket();

        String first = letters.write("t", null, "tombstone");
        String second = letters.write("t", new byte[] {1}, "bad");

        assertThat(first).isEqualTo("dlq/svc/t/20261204_210509_123456.json");
        assertThat(second).isEqualTo("dlq/svc/t/20261204_210509_123457.json");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("dlq/svc/t/")).keyCount())
                .isEqualTo(2);
    }

    @Test
    void a_missing_bucket_is_logged_and_dropped_by_write_or_log() {
        S3DeadLetters letters = new S3DeadLetters(s3, "no-such-bucket-" + UUID.randomUUID(), "svc");

        assertThat(letters.writeOrLog("t", new byte[0], "e")).isFalse();
    }

    @Test
    void the_wrong_secret_is_refused() {
        Map<String, String> wrong = new java.util.HashMap<>(S3Server.settings());
        wrong.put("aws.s3_secret_access_key", "not-the-secret");
        try (S3Client intruder = AwsClients.s3(AwsConfig.from(Settings.of(wrong)))) {
            assertThat(new S3DeadLetters(intruder, "any", "svc").writeOrLog("t", new byte[0], "e"))
                    .isFalse();
        }
    }
}
