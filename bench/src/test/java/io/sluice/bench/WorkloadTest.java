package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.Json;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The workload against the text writer's input contract ({@code {"id": "<uuid>", "text": "..."}}, a non-blank text
 * without NUL, and an id that is a UUID to be stored as is), checked with Jackson directly: the bench does not load
 * the service's classes.
 */
class WorkloadTest {
    /** A canonical, lower-case UUID: what the text writer stores as the row id itself rather than mapping it. */
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Test
    void ids_are_unique_canonical_version_4_uuids() {
        Workload w = Workload.valid(7, 100);
        Set<UUID> seen = new HashSet<>();
        for (long i = 0; i < 200_000; i++) {
            UUID id = w.id(i);
            assertThat(seen.add(id)).as("id of message %d is new", i).isTrue();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.toString()).matches(CANONICAL_UUID);
        }
    }

    @Test
    void a_valid_value_has_the_requested_size_and_holds_its_id_and_text() throws IOException {
        Workload w = Workload.valid(7, 100);
        for (long i : new long[] {0, 1, 999_999, 123_456_789}) {
            byte[] value = w.value(i);
            assertThat(value).hasSize(100);
            JsonNode node = Json.mapper().readTree(value);
            assertThat(node.get("id").textValue()).isEqualTo(w.id(i).toString());
            assertThat(node.get("text").textValue()).isEqualTo(w.text(i));
            assertThat(violation(value)).as("message %d", i).isNull();
        }
    }

    @Test
    void about_the_requested_share_is_invalid_and_every_one_breaks_the_contract() {
        Workload w = new Workload(11, 100, 0.01);
        int invalid = 0;
        for (long i = 0; i < 100_000; i++) {
            String broken = violation(w.value(i));
            if (w.isInvalid(i)) {
                invalid++;
                assertThat(broken).as("invalid message %d", i).isNotNull();
            } else {
                assertThat(broken).as("valid message %d", i).isNull();
            }
        }
        assertThat(invalid).isBetween(800, 1_200);
    }

    @Test
    void the_same_seed_gives_the_same_messages() {
        assertThat(new Workload(3, 120, 0.01).value(42)).isEqualTo(new Workload(3, 120, 0.01).value(42));
        assertThat(Workload.valid(3, 100).id(42))
                .isNotEqualTo(Workload.valid(4, 100).id(42));
    }

    /** What makes {@code value} a record the text writer must dead-letter, or null if it is a valid one. */
    private static String violation(byte[] value) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(value);
        } catch (IOException e) {
            return "not JSON";
        }
        if (node == null || !node.isObject()) {
            return "not an object";
        }
        JsonNode text = node.get("text");
        if (text == null || text.isNull()) {
            return "no text";
        }
        if (!text.isTextual()) {
            return "text is not a string";
        }
        if (text.textValue().isBlank()) {
            return "blank text";
        }
        if (text.textValue().indexOf('\0') >= 0) {
            return "NUL in the text";
        }
        JsonNode id = node.get("id");
        if (id != null
                && !id.isNull()
                && !(id.isTextual() && CANONICAL_UUID.matcher(id.textValue()).matches())) {
            return "id is not a UUID";
        }
        return null;
    }
}
