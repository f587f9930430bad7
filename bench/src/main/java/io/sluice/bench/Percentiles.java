package io.sluice.bench;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a sample, in the sample's unit.
 *
 * @param count the number of samples; all other fields are 0 when it is 0
 */
public record Percentiles(int count, long p50, long p90, long p95, long p99, long p999, long max) {

    /** Sorts {@code values} in place and reads the percentiles off it. */
    public static Percentiles of(long[] values) {
        if (values.length == 0) {
            return new Percentiles(0, 0, 0, 0, 0, 0, 0);
        }
        Arrays.sort(values);
        return new Percentiles(
                values.length,
                rank(values, 0.50),
                rank(values, 0.90),
                rank(values, 0.95),
                rank(values, 0.99),
                rank(values, 0.999),
                values[values.length - 1]);
    }

    private static long rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
