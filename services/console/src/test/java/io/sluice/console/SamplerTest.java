package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.console.ServiceSeries.Observation;
import io.sluice.console.ServiceSeries.Point;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sampler's arithmetic with given times (a fake clock): rates, batch latency, the ETA, the history's bounds. */
class SamplerTest {
    private static final long T0 = 1_700_000_000_000L;

    private static Observation obs(double written, double errors, double flushSum, double flushCount, Long lag) {
        return new Observation(written, errors, flushSum, flushCount, 2.0, lag, lag == null ? null : 3.0);
    }

    @Test
    void rates_are_counter_deltas_over_the_time_between_samples() {
        ServiceSeries s = new ServiceSeries(100, 60_000);

        Point first = s.record(T0, obs(100, 0, 1.0, 10, 0L));
        Point second = s.record(T0 + 5_000, obs(600, 5, 1.5, 20, 0L));

        assertThat(first.rate()).isNull();
        assertThat(second.rate()).isEqualTo(100.0);
        assertThat(second.errorsPerSecond()).isEqualTo(1.0);
        assertThat(second.batchLatencyMs()).isCloseTo(50.0, within(1e-9));
        assertThat(second.freshnessSeconds()).isEqualTo(2.0);
    }

    @Test
    void a_counter_that_went_down_a_restart_gives_no_rate_that_once() {
        ServiceSeries s = new ServiceSeries(100, 60_000);
        s.record(T0, obs(1000, 0, 0, 0, 0L));

        assertThat(s.record(T0 + 5_000, obs(10, 0, 0, 0, 0L)).rate()).isNull();
        assertThat(s.record(T0 + 10_000, obs(60, 0, 0, 0, 0L)).rate()).isEqualTo(10.0);
    }

    @Test
    void unknown_counters_stay_null() {
        ServiceSeries s = new ServiceSeries(100, 60_000);
        s.record(T0, Observation.NONE);

        Point p = s.record(T0 + 5_000, Observation.NONE);

        assertThat(p.rate()).isNull();
        assertThat(p.lagRecords()).isNull();
        assertThat(p.etaSeconds()).isNull();
    }

    @Test
    void eta_is_the_lag_over_the_net_drain_rate_of_the_last_minute() {
        ServiceSeries s = new ServiceSeries(100, 60_000);
        s.record(T0, obs(0, 0, 0, 0, 1000L));
        s.record(T0 + 10_000, obs(0, 0, 0, 0, 900L));

        Point p = s.record(T0 + 20_000, obs(0, 0, 0, 0, 800L));

        // 200 drained in 20 s: 10/s, 800 left: 80 s
        assertThat(p.etaSeconds()).isCloseTo(80.0, within(1e-9));
    }

    @Test
    void eta_looks_back_one_window_only() {
        ServiceSeries s = new ServiceSeries(100, 60_000);
        s.record(T0, obs(0, 0, 0, 0, 100_000L)); // outside the window: ignored
        s.record(T0 + 100_000, obs(0, 0, 0, 0, 1000L));

        Point p = s.record(T0 + 150_000, obs(0, 0, 0, 0, 500L));

        assertThat(p.etaSeconds()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void eta_is_null_when_the_lag_grows_holds_or_is_zero() {
        ServiceSeries growing = new ServiceSeries(100, 60_000);
        growing.record(T0, obs(0, 0, 0, 0, 100L));
        assertThat(growing.record(T0 + 5_000, obs(0, 0, 0, 0, 200L)).etaSeconds())
                .isNull();

        ServiceSeries holding = new ServiceSeries(100, 60_000);
        holding.record(T0, obs(0, 0, 0, 0, 100L));
        assertThat(holding.record(T0 + 5_000, obs(0, 0, 0, 0, 100L)).etaSeconds())
                .isNull();

        ServiceSeries caughtUp = new ServiceSeries(100, 60_000);
        caughtUp.record(T0, obs(0, 0, 0, 0, 100L));
        assertThat(caughtUp.record(T0 + 5_000, obs(0, 0, 0, 0, 0L)).etaSeconds())
                .isNull();
    }

    @Test
    void history_keeps_the_newest_points_up_to_its_capacity() {
        ServiceSeries s = new ServiceSeries(3, 60_000);
        for (int i = 0; i < 5; i++) {
            s.record(T0 + i * 5_000L, obs(i * 10, 0, 0, 0, (long) i));
        }

        Map<String, Object> h = s.history().since(0);

        assertThat(s.history().size()).isEqualTo(3);
        assertThat(h.get("t")).isEqualTo(List.of(T0 / 1000 + 10, T0 / 1000 + 15, T0 / 1000 + 20));
        @SuppressWarnings("unchecked")
        Map<String, List<Double>> series = (Map<String, List<Double>>) h.get("series");
        assertThat(series.get("lag_records")).containsExactly(2.0, 3.0, 4.0);
        assertThat(series.get("rate")).containsExactly(2.0, 2.0, 2.0);
        assertThat(series).containsOnlyKeys(ServiceSeries.SERIES);
    }

    @Test
    void history_since_keeps_the_points_at_or_after_the_time() {
        History h = new History(List.of("rate"), 10);
        h.add(100, Map.of("rate", 1.0));
        h.add(105, Map.of());
        h.add(110, Map.of("rate", 3.0));

        Map<String, Object> out = h.since(105);

        assertThat(out.get("t")).isEqualTo(List.of(105L, 110L));
        assertThat(((Map<?, ?>) out.get("series")).get("rate")).isEqualTo(java.util.Arrays.asList(null, 3.0));
    }

    @Test
    void the_history_of_24_hours_at_5_seconds_is_17280_points() {
        ConsoleConfig c = new ConsoleConfig(
                "k:9092",
                io.sluice.core.kafka.KafkaSecurity.NONE,
                Map.of(),
                Map.of(),
                java.time.Duration.ofSeconds(5),
                java.time.Duration.ofHours(24),
                10_000,
                java.time.Duration.ofSeconds(5));

        assertThat(c.historyPoints()).isEqualTo(17_280);
    }
}
