package io.sluice.bench;

import java.util.Locale;

/** Number formats shared by the reports: grouped integers, seconds, milliseconds. */
public final class Format {
    private Format() {}

    /** {@code 1,234,567}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 12.3 s} from nanoseconds. */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** Events per second over {@code nanos}, grouped: {@code 45,678}. */
    public static String rate(long events, long nanos) {
        return count(Math.round(perSecond(events, nanos)));
    }

    public static double perSecond(long events, long nanos) {
        return nanos <= 0 ? 0 : events / (nanos / 1e9);
    }

    /** Milliseconds from microseconds, with one decimal under 10 ms: {@code 3.4 ms}, {@code 27 ms}. */
    public static String millisFromMicros(long micros) {
        double ms = micros / 1000.0;
        return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    /** {@code 42%}. */
    public static String percent(double part, double whole) {
        return whole <= 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * part / whole);
    }

    /** Two decimals, the format of machine-read result lines: {@code 0.73}. */
    public static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
