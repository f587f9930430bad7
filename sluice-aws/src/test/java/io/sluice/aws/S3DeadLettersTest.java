package io.sluice.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class S3DeadLettersTest {
    private static final Instant AT = Instant.parse("2026-12-04T21:05:09.123456789Z");

    @Test
    void the_key_is_the_seeds_layout_in_utc_with_microseconds() {
        assertThat(S3DeadLetters.key("inventory-service", "dbserver1.public.products", AT))
                .isEqualTo("dlq/inventory-service/dbserver1.public.products/20261204_210509_123456.json");
    }

    @Test
    void a_whole_second_keeps_six_digits() {
        assertThat(S3DeadLetters.key("s", "t", Instant.parse("2026-01-02T03:04:05Z")))
                .isEqualTo("dlq/s/t/20260102_030405_000000.json");
    }

    @Test
    void the_body_has_the_seeds_five_fields() throws Exception {
        JsonNode body = Json.mapper()
                .readTree(S3DeadLetters.body(
                        "dbserver1.public.orders", "{\"id\":1}", "unknown table orders", AT, "inventory-service"));

        assertThat(body.properties()).hasSize(5);
        assertThat(body.get("topic").asText()).isEqualTo("dbserver1.public.orders");
        assertThat(body.get("message").asText()).isEqualTo("{\"id\":1}");
        assertThat(body.get("error").asText()).isEqualTo("unknown table orders");
        assertThat(body.get("timestamp").asText()).isEqualTo("2026-12-04T21:05:09.123456");
        assertThat(body.get("service").asText()).isEqualTo("inventory-service");
    }

    @Test
    void a_tombstone_is_a_null_message() throws Exception {
        JsonNode body = Json.mapper().readTree(S3DeadLetters.body("t", null, "e", AT, "s"));

        assertThat(body.get("message").isNull()).isTrue();
    }
}
