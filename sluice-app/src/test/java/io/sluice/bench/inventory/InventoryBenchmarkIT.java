package io.sluice.bench.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.ExternalServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The inventory benchmark end to end at a small size, against the testkit's servers as external ones: the service
 * (found through the registry, on the app's class path) and the naive baseline both consume every event, the
 * service's stock is exactly the expected one, and the run ends with the ratio.
 */
class InventoryBenchmarkIT {
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text, true);

    @Test
    void the_throughput_run_measures_the_service_and_the_baseline_and_ends_with_the_ratio() throws Exception {
        InventoryOptions options = new InventoryOptions(4_000, "postgres", prefix(), 11, Map.of());

        InventoryBenchmark.Result result;
        try (BenchEnvironment env = BenchEnvironment.start(ExternalServers.testkit())) {
            result = new InventoryBenchmark(env, options, out).run();
        }
        result.print(out);
        System.out.print(text);

        assertThat(result.storeMatches()).as(text.toString()).isTrue();
        assertThat(result.ratio()).isPositive();
        assertThat(text.toString())
                .contains(
                        "produce: 4,000 events in",
                        "products created",
                        "tombstones",
                        "inventory (postgres): 4,000 events in",
                        "us per event",
                        "lag 0 after the last commit",
                        "inventory: the stock of all",
                        "naive baseline (KafkaConsumer + JDBC batches): 4,000 events in",
                        "(target >= 20,000: ");
        assertThat(lastLine()).matches("ratio_vs_baseline=\\d+\\.\\d\\d  \\(target >= 0.5: (met|NOT met)\\)");
    }

    @Test
    void the_latency_run_samples_source_commit_to_stock_visible_through_the_whole_path() throws Exception {
        InventoryOptions options = new InventoryOptions(1, "postgres", prefix(), 5, Map.of());

        InventoryLatency.Result result;
        try (BenchEnvironment env = BenchEnvironment.start(ExternalServers.testkit())) {
            result = new InventoryLatency(env, options, 100, 2, out).run();
        }
        result.print(out);
        System.out.print(text);

        assertThat(result.measured()).isTrue();
        assertThat(text.toString()).contains("source commit to stock visible (", "change events published");
        assertThat(lastLine()).matches("p99_ms=\\d+  \\(target <= 1000: (met|NOT met)\\)");
    }

    private static String prefix() {
        return "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private String lastLine() {
        String[] lines = text.toString().strip().split("\n");
        return lines[lines.length - 1];
    }
}
