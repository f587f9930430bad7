package io.sluice.search;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money as the index keeps it: exact cents (19.99 → 1999, 0.29 → 29, 4.35 → 435; the seed truncated a float product
 * and stored 1998 for 19.99) and the display text {@code $1299.99}. A price with more than two decimals (not possible
 * with the shop's {@code numeric(10,2)}) is rounded half-even to cents.
 */
public final class Prices {
    private Prices() {}

    /** The price in cents, exact. */
    public static long cents(BigDecimal price) {
        return price.setScale(2, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }

    /** {@code $} and the price with two decimals, from cents: 129999 → {@code $1299.99}, -5 → {@code $-0.05}. */
    public static String display(long cents) {
        return "$" + BigDecimal.valueOf(cents, 2).toPlainString();
    }

    /**
     * A price given in currency units ({@code 19.99}, {@code 20}, {@code 0.5}) as cents, or an exception when it has
     * more than two decimals or is not a number; for query parameters.
     *
     * @throws NumberFormatException when the text is not a decimal number
     * @throws ArithmeticException when it has more than two decimals or does not fit
     */
    public static long parseCents(String text) {
        return new BigDecimal(text.trim())
                .setScale(2, RoundingMode.UNNECESSARY)
                .unscaledValue()
                .longValueExact();
    }
}
