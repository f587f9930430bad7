package io.sluice.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded ring of samples, one point per sample interval, for a fixed set of series ({@code rate},
 * {@code lag_records}, …): when full, the oldest point is dropped. Unknown values are kept as null. Thread-safe
 * (synchronized; a point is a few numbers).
 */
final class History {
    private final List<String> series;
    private final long[] times;
    private final double[][] values; // NaN: unknown (primitive: 24 h at 5 s is 17,280 points a series)
    private int next;
    private int size;

    History(List<String> series, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.series = List.copyOf(series);
        this.times = new long[capacity];
        this.values = new double[series.size()][capacity];
    }

    /** Adds a point at {@code epochSeconds}; a series missing from {@code point} is null there. */
    synchronized void add(long epochSeconds, Map<String, Double> point) {
        times[next] = epochSeconds;
        for (int i = 0; i < series.size(); i++) {
            Double v = point.get(series.get(i));
            values[i][next] = v == null ? Double.NaN : v;
        }
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    synchronized int size() {
        return size;
    }

    int capacity() {
        return times.length;
    }

    /** {@code {"t": [...], "series": {"rate": [...], ...}}}: the points at or after {@code fromEpochSeconds}, oldest first. */
    synchronized Map<String, Object> since(long fromEpochSeconds) {
        List<Long> t = new ArrayList<>();
        List<List<Double>> cols = new ArrayList<>();
        series.forEach(s -> cols.add(new ArrayList<>()));
        int start = (next - size + times.length) % times.length;
        for (int k = 0; k < size; k++) {
            int idx = (start + k) % times.length;
            if (times[idx] < fromEpochSeconds) {
                continue;
            }
            t.add(times[idx]);
            for (int i = 0; i < series.size(); i++) {
                cols.get(i).add(boxed(values[i][idx]));
            }
        }
        Map<String, Object> bySeries = new LinkedHashMap<>();
        for (int i = 0; i < series.size(); i++) {
            bySeries.put(series.get(i), cols.get(i));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("t", t);
        out.put("series", bySeries);
        return out;
    }

    /** The last {@code n} values of one series, oldest first (nulls included). */
    synchronized List<Double> last(String name, int n) {
        int i = series.indexOf(name);
        List<Double> out = new ArrayList<>();
        int count = Math.min(n, size);
        for (int k = count; k >= 1; k--) {
            out.add(boxed(values[i][(next - k + times.length) % times.length]));
        }
        return out;
    }

    /** The times of the last {@code n} points, oldest first. */
    synchronized List<Long> lastTimes(int n) {
        List<Long> out = new ArrayList<>();
        int count = Math.min(n, size);
        for (int k = count; k >= 1; k--) {
            out.add(times[(next - k + times.length) % times.length]);
        }
        return out;
    }

    private static Double boxed(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
