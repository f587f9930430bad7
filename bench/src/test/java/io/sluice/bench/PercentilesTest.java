package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void percentiles_are_nearest_rank_over_the_sorted_sample() {
        Samples s = new Samples();
        for (long v = 100; v >= 1; v--) {
            s.add(v);
        }
        Percentiles p = s.percentiles();
        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50()).isEqualTo(50);
        assertThat(p.p90()).isEqualTo(90);
        assertThat(p.p95()).isEqualTo(95);
        assertThat(p.p99()).isEqualTo(99);
        assertThat(p.p999()).isEqualTo(100);
        assertThat(p.max()).isEqualTo(100);
    }

    @Test
    void an_empty_sample_reads_as_zeros() {
        assertThat(new Samples().percentiles()).isEqualTo(new Percentiles(0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void samples_grow_past_their_initial_capacity() {
        Samples s = new Samples();
        for (int i = 0; i < 5_000; i++) {
            s.add(i);
        }
        assertThat(s.size()).isEqualTo(5_000);
        assertThat(s.percentiles().max()).isEqualTo(4_999);
    }
}
