package io.sluice.bench.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WrkTest {
    private static final String REPORT =
            """
            Running 10s test @ http://127.0.0.1:40000/constant
              2 threads and 16 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     1.23ms  450.00us  12.34ms   80.00%
                Req/Sec     6.50k     1.00k    8.00k    70.00%
              Latency Distribution
                 50%  950.00us
                 75%    1.40ms
                 90%    1.80ms
                 99%    3.00ms
              130000 requests in 10.00s, 20.00MB read
              Socket errors: connect 0, read 1, write 0, timeout 2
              Non-2xx or 3xx responses: 5
            Requests/sec:  13000.00
            Transfer/sec:      2.00MB
            """;

    @Test
    void reads_requests_percentiles_maximum_and_errors_from_a_latency_report() {
        LoadResult r = Wrk.parse("GET /constant", REPORT, "wrk");

        assertThat(r.requests()).isEqualTo(130_000);
        assertThat(r.seconds()).isEqualTo(10.0);
        assertThat(r.perSecond()).isEqualTo(13_000.0);
        assertThat(r.p50Micros()).isEqualTo(950);
        assertThat(r.p90Micros()).isEqualTo(1_800);
        assertThat(r.p99Micros()).isEqualTo(3_000);
        assertThat(r.maxMicros()).isEqualTo(12_340);
        assertThat(r.errors()).isEqualTo(8);
    }

    @Test
    void converts_every_unit_wrk_prints() {
        assertThat(Wrk.micros("950.00us")).isEqualTo(950);
        assertThat(Wrk.micros("1.50ms")).isEqualTo(1_500);
        assertThat(Wrk.micros("2.00s")).isEqualTo(2_000_000);
        assertThat(Wrk.micros("1.00m")).isEqualTo(60_000_000);
    }
}
