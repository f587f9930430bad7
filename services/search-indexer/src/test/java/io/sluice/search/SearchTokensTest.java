package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchTokensTest {

    @Test
    void the_seed_examples_give_the_seed_tokens() {
        assertThat(SearchTokens.of("High-Performance Wireless Mouse"))
                .containsExactly("high", "performance", "wireless", "mouse");
        assertThat(SearchTokens.of("27-inch 4K monitor")).containsExactly("27", "inch", "4k", "monitor");
        assertThat(SearchTokens.of("Café crème")).containsExactly("café", "crème");
    }

    @Test
    void name_and_description_tokens_are_de_duplicated_in_order_of_first_appearance() {
        assertThat(SearchTokens.of("Mouse mouse", null, "A MOUSE, a pad")).containsExactly("mouse", "a", "pad");
    }

    @Test
    void underscores_and_digits_are_word_characters_and_punctuation_splits() {
        assertThat(SearchTokens.of("foo_bar 2.4GHz (USB-C) x"))
                .containsExactly("foo_bar", "2", "4ghz", "usb", "c", "x");
    }

    @Test
    void non_latin_letters_and_combining_marks_are_word_characters() {
        assertThat(SearchTokens.of("Ελληνικά Кофе 日本語")).containsExactly("ελληνικά", "кофе", "日本語");
        assertThat(SearchTokens.of("cafe\u0301")).containsExactly("cafe\u0301");
    }

    @Test
    void text_without_word_characters_has_no_tokens() {
        assertThat(SearchTokens.of("", "  -- !! ", null)).isEmpty();
        assertThat(SearchTokens.of()).isEmpty();
    }
}
