package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String TEXT =
            """
            # HELP sluice_consumer_records_written_total Records stored by the sink
            # TYPE sluice_consumer_records_written_total counter
            sluice_consumer_records_written_total{service="text-writer-service",topic="text-messages",} 1200.0
            sluice_consumer_records_written_total{service="text-writer-service",topic="other"} 34
            sluice_batch_flush_seconds_count{service="text-writer-service",} 12.0
            sluice_batch_flush_seconds_sum{service="text-writer-service",} 0.6
            sluice_consumer_freshness_seconds{service="a"} 1.5
            sluice_consumer_freshness_seconds{service="b"} NaN
            jvm_threads_live_threads 42 1700000000000
            odd_label{path="a \\"quoted\\" \\\\ back\\nslash"} +Inf

            not a sample line {
            """;

    @Test
    void counters_are_summed_over_their_labels() {
        PrometheusText m = PrometheusText.parse(TEXT);

        assertThat(m.sum("sluice_consumer_records_written_total")).isEqualTo(1234.0);
        assertThat(m.sum("sluice_consumer_records_written_total", l -> "other".equals(l.get("topic"))))
                .isEqualTo(34.0);
        assertThat(m.sum("sluice_batch_flush_seconds_sum")).isEqualTo(0.6);
    }

    @Test
    void a_missing_metric_is_null_not_zero() {
        assertThat(PrometheusText.parse(TEXT).sum("sluice_dlq_records_total")).isNull();
    }

    @Test
    void max_skips_nan_and_timestamps_are_ignored() {
        PrometheusText m = PrometheusText.parse(TEXT);

        assertThat(m.max("sluice_consumer_freshness_seconds")).isEqualTo(1.5);
        assertThat(m.sum("jvm_threads_live_threads")).isEqualTo(42.0);
    }

    @Test
    void label_values_are_unescaped_and_infinity_parses() {
        PrometheusText.Sample s =
                PrometheusText.parseLine("odd_label{path=\"a \\\"quoted\\\" \\\\ back\\nslash\"} +Inf");

        assertThat(s.labels()).isEqualTo(Map.of("path", "a \"quoted\" \\ back\nslash"));
        assertThat(s.value()).isInfinite();
    }

    @Test
    void malformed_lines_are_skipped() {
        assertThat(PrometheusText.parseLine("name{label=unquoted} 1")).isNull();
        assertThat(PrometheusText.parseLine("name{label=\"open} 1")).isNull();
        assertThat(PrometheusText.parseLine("name abc")).isNull();
        assertThat(PrometheusText.parse(TEXT).samples()).hasSize(8);
    }
}
