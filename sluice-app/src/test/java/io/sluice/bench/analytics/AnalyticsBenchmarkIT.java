package io.sluice.bench.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.ExternalServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The analytics benchmark end to end at a small size, against the testkit's broker as an external one: the service
 * (found through the registry, on the app's class path) reaches exactly the generator's figures, live and in the
 * flushed summary report, the flushes are timed, the raw consume reads every event, and the run ends with the ratio.
 */
class AnalyticsBenchmarkIT {
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text, true);

    @Test
    void the_run_measures_the_service_and_the_raw_consume_checks_the_figures_and_ends_with_the_ratio()
            throws Exception {
        AnalyticsOptions options = new AnalyticsOptions(2_000, 0.3, 3, prefix(), 17, Map.of());

        AnalyticsBenchmark.Result result;
        try (BenchEnvironment env = BenchEnvironment.start(ExternalServers.testkit())) {
            result = new AnalyticsBenchmark(env, options, out).run();
        }
        result.print(out);
        System.out.print(text);

        assertThat(result.figuresMatch()).as(text.toString()).isTrue();
        assertThat(result.ratio()).isPositive();
        assertThat(text.toString())
                .contains(
                        "analytics: 2,000 orders as CDC events",
                        "2,000 orders created",
                        "status changes",
                        "amount changes",
                        "orders deleted",
                        "tombstones",
                        "analytics (Kafka Streams, exactly_once_v2): ",
                        "live summary: total_orders",
                        "flushed summary report: total_orders",
                        "over 3 flushes at 2,000 orders",
                        "raw consume (KafkaConsumer, no decoding): ",
                        "raw consume + JSON parse (KafkaConsumer + Jackson tree, the baseline): ")
                .doesNotContain("NOT as expected");
        assertThat(lastLine()).matches("ratio_vs_baseline=\\d+\\.\\d\\d");
    }

    private static String prefix() {
        return "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private String lastLine() {
        String[] lines = text.toString().strip().split("\n");
        return lines[lines.length - 1];
    }
}
