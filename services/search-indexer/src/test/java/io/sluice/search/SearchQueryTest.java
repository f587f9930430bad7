package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.cdc.SourcePosition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchQueryTest {

    private static ProductDocument doc(String name, String price, long stock) {
        return ProductDocument.of(
                new ProductVersion(
                        1, new SourcePosition(1, 1), false, name, null, new BigDecimal(price), stock, null, 1),
                Instant.EPOCH);
    }

    @Test
    void only_the_last_token_matches_as_a_prefix() {
        ProductDocument d = doc("Wireless Mouse", "1.00", 1);

        assertThat(new SearchQuery(List.of("wire", "mouse"), null, null, false, 10, null).matches(d))
                .isEqualTo(1);
        assertThat(new SearchQuery(List.of("mouse", "wire"), null, null, false, 10, null).matches(d))
                .isEqualTo(2);
        assertThat(new SearchQuery(List.of("mou"), null, null, false, 10, null).score(1))
                .isEqualTo(1.0);
    }

    @Test
    void filters_include_their_bounds_and_in_stock_means_above_zero() {
        assertThat(new SearchQuery(List.of("a"), 100L, 100L, false, 10, null).accepts(doc("a", "1.00", 0)))
                .isTrue();
        assertThat(new SearchQuery(List.of("a"), 101L, null, false, 10, null).accepts(doc("a", "1.00", 0)))
                .isFalse();
        assertThat(new SearchQuery(List.of("a"), null, 99L, false, 10, null).accepts(doc("a", "1.00", 0)))
                .isFalse();
        assertThat(new SearchQuery(List.of("a"), null, null, true, 10, null).accepts(doc("a", "1.00", 0)))
                .isFalse();
        assertThat(new SearchQuery(List.of("a"), null, null, true, 10, null).accepts(doc("a", "1.00", 1)))
                .isTrue();
    }

    @Test
    void a_query_needs_a_token_a_limit_of_1_to_100_and_min_at_most_max() {
        assertThatThrownBy(() -> new SearchQuery(List.of(), null, null, false, 10, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SearchQuery(List.of("a"), null, null, false, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SearchQuery(List.of("a"), null, null, false, 101, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SearchQuery(List.of("a"), 2L, 1L, false, 10, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
