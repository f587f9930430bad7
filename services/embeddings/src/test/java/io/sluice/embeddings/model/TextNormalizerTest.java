package io.sluice.embeddings.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextNormalizerTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n\r ", "\u200b\u200b", "\u0000\u0001", "\u00a0\u2003", "\ufeff"})
    void texts_with_nothing_visible_normalise_to_null(String text) {
        assertThat(TextNormalizer.normalize(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "'  hello   world  '|hello world",
                "'a\tb\nc'|a b c",
                "'zero\u200bwidth'|zerowidth",
                "'e\u0301'|\u00e9",
                "'nbsp\u00a0here'|nbsp here"
            })
    void whitespace_is_collapsed_invisible_characters_dropped_and_text_nfc(String text, String expected) {
        assertThat(TextNormalizer.normalize(text)).isEqualTo(expected);
    }
}
