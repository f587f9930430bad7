package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchCursorTest {

    @Test
    void a_cursor_round_trips_through_url_safe_text() {
        SearchCursor c = new SearchCursor(3, 1234567890123L);

        String text = c.encode();

        assertThat(text).matches("[A-Za-z0-9_-]+");
        assertThat(SearchCursor.decode(text)).isEqualTo(c);
    }

    @Test
    void results_after_the_cursor_have_fewer_matches_or_the_same_matches_and_a_larger_id() {
        SearchCursor c = new SearchCursor(2, 10);

        assertThat(c.precedes(2, 11)).isTrue();
        assertThat(c.precedes(1, 1)).isTrue();
        assertThat(c.precedes(2, 10)).isFalse();
        assertThat(c.precedes(2, 9)).isFalse();
        assertThat(c.precedes(3, 100)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a cursor", "MQ", "!!!!", "eDp5"})
    void text_that_is_not_a_cursor_is_rejected(String text) {
        assertThatThrownBy(() -> SearchCursor.decode(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
