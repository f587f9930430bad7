package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PricesTest {

    @ParameterizedTest
    @CsvSource({
        "19.99, 1999, $19.99",
        "0.29, 29, $0.29",
        "4.35, 435, $4.35",
        "1299.99, 129999, $1299.99",
        "20, 2000, $20.00",
        "0.5, 50, $0.50",
        "0, 0, $0.00",
        "99999999.99, 9999999999, $99999999.99"
    })
    void prices_are_exact_cents_and_display_with_two_decimals(String price, long cents, String display) {
        assertThat(Prices.cents(new BigDecimal(price))).isEqualTo(cents);
        assertThat(Prices.display(cents)).isEqualTo(display);
    }

    @ParameterizedTest
    @CsvSource({"19.99, 1999", "0.29, 29", "4.35, 435", "20, 2000", "0.5, 50", " 7.10 , 710", "1e2, 10000"})
    void query_prices_parse_to_exact_cents(String text, long cents) {
        assertThat(Prices.parseCents(text)).isEqualTo(cents);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "19,99", "$5", "1.2.3"})
    void a_query_price_that_is_not_a_number_is_rejected(String text) {
        assertThatThrownBy(() -> Prices.parseCents(text)).isInstanceOf(NumberFormatException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"19.999", "0.001", "1e-3"})
    void a_query_price_with_more_than_two_decimals_is_rejected(String text) {
        assertThatThrownBy(() -> Prices.parseCents(text)).isInstanceOf(ArithmeticException.class);
    }

    @ParameterizedTest
    @CsvSource({"-5, $-0.05", "-129999, $-1299.99"})
    void negative_cents_display_with_the_sign_after_the_dollar(long cents, String display) {
        assertThat(Prices.display(cents)).isEqualTo(display);
    }
}
