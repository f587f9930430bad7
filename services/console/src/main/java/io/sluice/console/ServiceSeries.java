package io.sluice.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service's samples over time: turns each sample's counters into rates (the delta since the previous sample
 * over the time between them; a counter that went down, a restart, gives no rate that once), keeps the points in a
 * {@link History}, and estimates the time to catch up from the recent net drain rate (the lag's fall per second
 * over the last minute of points: lag / drain, null when the lag grows, holds or is 0). Pure logic: the caller
 * gives the times. Thread-safe (synchronized).
 */
final class ServiceSeries {
    static final List<String> SERIES =
            List.of("rate", "lag_records", "lag_seconds", "batch_latency_ms", "errors", "freshness_seconds");

    /** What one sample saw; null where unknown (the service did not answer, or does not publish it). */
    record Observation(
            Double written,
            Double errors,
            Double flushSeconds,
            Double flushCount,
            Double freshnessSeconds,
            Long lagRecords,
            Double lagSeconds) {
        static final Observation NONE = new Observation(null, null, null, null, null, null, null);
    }

    /** What the latest sample gave: rates per second, the lag, the ETA in seconds. */
    record Point(
            Double rate,
            Double errorsPerSecond,
            Double batchLatencyMs,
            Double freshnessSeconds,
            Long lagRecords,
            Double lagSeconds,
            Double etaSeconds) {
        static final Point NONE = new Point(null, null, null, null, null, null, null);
    }

    private final History history;
    private final long drainWindowMillis;
    private long lastAt = -1;
    private Observation last = Observation.NONE;
    private Point latest = Point.NONE;

    /**
     * @param capacity points kept (the history over the sample interval)
     * @param drainWindowMillis how far back the drain rate looks (a minute)
     */
    ServiceSeries(int capacity, long drainWindowMillis) {
        this.history = new History(SERIES, capacity);
        this.drainWindowMillis = drainWindowMillis;
    }

    /** Records a sample taken at {@code atMillis} and returns what it gives. */
    synchronized Point record(long atMillis, Observation now) {
        Double rate = null;
        Double errors = null;
        Double latency = null;
        if (lastAt >= 0 && atMillis > lastAt) {
            double dt = (atMillis - lastAt) / 1000.0;
            rate = perSecond(last.written(), now.written(), dt);
            errors = perSecond(last.errors(), now.errors(), dt);
            Double dSum = delta(last.flushSeconds(), now.flushSeconds());
            Double dCount = delta(last.flushCount(), now.flushCount());
            if (dSum != null && dCount != null) {
                latency = dCount > 0 ? dSum / dCount * 1000.0 : null;
            }
        }
        Map<String, Double> point = new LinkedHashMap<>();
        point.put("rate", rate);
        point.put(
                "lag_records",
                now.lagRecords() == null ? null : now.lagRecords().doubleValue());
        point.put("lag_seconds", now.lagSeconds());
        point.put("batch_latency_ms", latency);
        point.put("errors", errors);
        point.put("freshness_seconds", now.freshnessSeconds());
        history.add(atMillis / 1000, point);
        lastAt = atMillis;
        last = now;
        latest = new Point(
                rate,
                errors,
                latency,
                now.freshnessSeconds(),
                now.lagRecords(),
                now.lagSeconds(),
                eta(now.lagRecords()));
        return latest;
    }

    synchronized Point latest() {
        return latest;
    }

    History history() {
        return history;
    }

    /** lag / drain rate over the last window, or null when the lag is 0, unknown, or not falling. */
    private Double eta(Long lag) {
        if (lag == null || lag <= 0) {
            return null;
        }
        int n = history.size();
        List<Long> t = history.lastTimes(n);
        List<Double> lags = history.last("lag_records", n);
        long newest = t.get(t.size() - 1);
        int first = -1;
        for (int i = 0; i < t.size() - 1; i++) {
            if (lags.get(i) != null && (newest - t.get(i)) * 1000 <= drainWindowMillis) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return null;
        }
        double seconds = newest - t.get(first);
        double drained = lags.get(first) - lag;
        if (seconds <= 0 || drained <= 0) {
            return null;
        }
        return lag / (drained / seconds);
    }

    private static Double delta(Double before, Double now) {
        if (before == null || now == null || now < before) {
            return null;
        }
        return now - before;
    }

    private static Double perSecond(Double before, Double now, double seconds) {
        Double d = delta(before, now);
        return d == null ? null : d / seconds;
    }
}
