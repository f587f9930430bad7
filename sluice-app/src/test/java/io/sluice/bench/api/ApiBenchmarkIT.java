package io.sluice.bench.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.ExternalServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The API benchmark end to end for one second per scenario, against the testkit's servers as external ones. In the
 * app's tests because the benchmark finds the text writer through the service registry, on the app's class path.
 */
class ApiBenchmarkIT {

    @Test
    void every_scenario_answers_without_errors_and_the_ratios_are_printed() throws Exception {
        StringWriter text = new StringWriter();
        ApiOptions options = new ApiOptions(1, 0, 4, 1_000, Optional.empty());

        List<LoadResult> results;
        try (BenchEnvironment env = BenchEnvironment.start(ExternalServers.testkit())) {
            results = new ApiBenchmark(env, options, Map.of(), new PrintWriter(text, true)).run();
        }

        assertThat(results)
                .extracting(LoadResult::name)
                .containsExactly(
                        "GET /constant (baseline)",
                        "GET /messages/{id}",
                        "GET /messages?limit=10",
                        "POST /messages",
                        "JDBC point lookup (baseline)");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.requests()).as(r.name()).isPositive();
            assertThat(r.errors()).as(r.name()).isZero();
        });
        assertThat(text.toString()).contains("x constant body", "x JDBC point lookup");
    }
}
