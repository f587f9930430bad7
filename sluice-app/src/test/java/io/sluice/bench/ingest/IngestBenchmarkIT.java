package io.sluice.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.ExternalServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ingest benchmark end to end at a small size, against the testkit's servers as external ones. In the app's tests
 * because the benchmark finds the text writer through the service registry, on the app's class path.
 */
class IngestBenchmarkIT {
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text, true);

    @Test
    void the_throughput_run_stores_every_message_copies_them_and_ends_with_the_ratio() throws Exception {
        IngestOptions options = new IngestOptions(5_000, 100, 3, 0, 0, null);

        try (BenchEnvironment env = BenchEnvironment.start(ExternalServers.testkit())) {
            IngestBenchmark.Result result = new IngestBenchmark(env, options, Map.of(), out).run();
            result.print(out);

            assertThat(result.ratio()).isPositive();
        }
        assertThat(text.toString())
                .contains(
                        "text writer: 5,000 rows in",
                        "the loop thread on CPU",
                        "transactions: ",
                        "COPY baseline: 5,000 rows in",
                        "(PostgreSQL is external)");
        assertThat(lastLine()).matches("ratio_vs_copy=\\d+\\.\\d\\d");
    }

    @Test
    void the_latency_run_samples_every_message_after_the_warm_up_and_ends_with_the_p99() throws Exception {
        IngestOptions options = new IngestOptions(2_000, 100, 3, 1_000, 1, null);

        try (BenchEnvironment env = BenchEnvironment.start(ExternalServers.testkit())) {
            new LatencyBenchmark(env, options, Map.of(), out).run().print(out);
        }

        assertThat(text.toString()).contains("(2,000 samples)");
        assertThat(lastLine()).matches("p99_ms=\\d+");
    }

    private String lastLine() {
        String[] lines = text.toString().strip().split("\n");
        return lines[lines.length - 1];
    }
}
