package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cdc.SourcePosition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DynamoSearchItemsTest {

    @Test
    void a_postings_partition_is_the_tokens_first_two_code_points() {
        assertThat(DynamoSearchItems.prefix("wireless")).isEqualTo("wi");
        assertThat(DynamoSearchItems.prefix("café")).isEqualTo("ca");
        assertThat(DynamoSearchItems.prefix("éa")).isEqualTo("éa");
        assertThat(DynamoSearchItems.prefix("m")).isEqualTo("m");
        assertThat(DynamoSearchItems.prefix("4k")).isEqualTo("4k");
        // A code point outside the BMP is two chars: still one code point.
        assertThat(DynamoSearchItems.prefix("𝒳𝒴z")).isEqualTo("𝒳𝒴");
    }

    @Test
    void a_postings_range_key_sorts_ids_under_their_token_and_no_token_reaches_into_another() {
        assertThat(DynamoSearchItems.range("mouse", 42)).isEqualTo("mouse#0000000000000000042");
        assertThat(DynamoSearchItems.range("mouse", 7)).isLessThan(DynamoSearchItems.range("mouse", 42));
        assertThat(DynamoSearchItems.range("mouse", Long.MAX_VALUE)).hasSize("mouse#".length() + 19);
        assertThat(DynamoSearchItems.range("mousepad", 1)).doesNotStartWith("mouse#");
    }

    @Test
    void times_are_fixed_width_naive_utc_so_that_they_sort_as_text_and_read_back() {
        Instant at = Instant.parse("2026-12-04T10:15:30Z");

        assertThat(DynamoSearchItems.time(at)).isEqualTo("2026-12-04T10:15:30.000000");
        assertThat(DynamoSearchItems.instant(DynamoSearchItems.time(at.plusNanos(123_456_000))))
                .isEqualTo(at.plusNanos(123_456_000));
        assertThat(DynamoSearchItems.time(at.plusMillis(1))).isGreaterThan(DynamoSearchItems.time(at));
    }

    @Test
    void a_token_too_long_for_a_range_key_has_no_posting() {
        assertThat(DynamoSearchItems.postable("a".repeat(1000))).isTrue();
        assertThat(DynamoSearchItems.postable("a".repeat(1010))).isFalse();
        assertThat(DynamoSearchItems.postable("é".repeat(503)))
                .as("bytes, not chars")
                .isFalse();
    }

    @Test
    void the_version_condition_compares_change_lsns_alone_when_the_new_commit_lsn_is_unknown() {
        assertThat(DynamoSearchItems.Older.than(new SourcePosition(0, 9)).expression())
                .isEqualTo("attribute_not_exists(change_lsn) OR change_lsn < :change");
        assertThat(DynamoSearchItems.Older.than(new SourcePosition(5, 9)).values())
                .containsOnlyKeys(":zero", ":commit", ":change");
    }
}
