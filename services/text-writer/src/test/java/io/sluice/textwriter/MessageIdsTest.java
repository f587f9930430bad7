package io.sluice.textwriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    void name_based_ids_match_the_rfc_4122_version_5_algorithm() {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(MessageIds.nameBased(dns, "python.org"))
                .isEqualTo(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
    }

    @Test
    void a_uuid_id_is_kept_and_any_other_string_maps_to_a_stable_uuid() {
        String uuid = "0b0e8a2e-6f7c-4a53-9b8e-1c2d3e4f5a6b";
        assertThat(MessageIds.forProducerId(uuid)).isEqualTo(UUID.fromString(uuid));
        assertThat(MessageIds.forProducerId("test-123"))
                .isEqualTo(MessageIds.forProducerId("test-123"))
                .isNotEqualTo(MessageIds.forProducerId("test-124"));
        assertThat(MessageIds.forProducerId("test-123").version()).isEqualTo(5);
    }

    @Test
    void only_canonical_uuids_count_as_uuids() {
        assertThat(MessageIds.isUuid("1-1-1-1-1")).isFalse();
        assertThat(MessageIds.isUuid("0B0E8A2E-6F7C-4A53-9B8E-1C2D3E4F5A6B")).isTrue();
        assertThat(MessageIds.isUuid("test-123")).isFalse();
        assertThat(MessageIds.isUuid("0b0e8a2e-6f7c-4a53-9b8e-1c2d3e4f5a6b")).isTrue();
        assertThat(MessageIds.isUuid("0b0e8a2e-6f7c-4a53-9b8e-1c2d3e4f5a6g")).isFalse();
        assertThat(MessageIds.isUuid("0b0e8a2e6-f7c-4a53-9b8e-1c2d3e4f5a6b")).isFalse();
        assertThat(MessageIds.isUuid("0b0e8a2e-6f7c-4a53-9b8e-1c2d3e4f5a6b0")).isFalse();
        assertThat(MessageIds.isUuid("0b0e8a2e-6f7c-4a53-9b8e-1c2d3e4f5a6\u0663"))
                .isFalse(); // an Arabic-Indic 3
        assertThat(MessageIds.isUuid("{b0e8a2e-6f7c-4a53-9b8e-1c2d3e4f5a6b}")).isFalse();
    }

    @Test
    void ids_derived_from_record_positions_are_stable_and_distinct() {
        assertThat(MessageIds.forRecordPosition("t", 0, 5)).isEqualTo(MessageIds.forRecordPosition("t", 0, 5));
        assertThat(MessageIds.forRecordPosition("t", 0, 5)).isNotEqualTo(MessageIds.forRecordPosition("t", 1, 5));
    }
}
