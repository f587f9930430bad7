package io.sluice.bench.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.ExternalServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The search benchmark end to end at a small size, against the testkit's servers as external ones: the indexer (found
 * through the registry, on the app's class path) indexes every event on PostgreSQL and on DynamoDB (dynalite), the
 * minimal writer stores the same events, the queries all answer 200, and the report ends with the ratio.
 */
class SearchBenchmarkIT {
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text, true);

    @Test
    void both_stores_index_every_event_and_answer_every_query_and_the_report_ends_with_the_ratio() throws Exception {
        List<SearchBenchmark.Result> results = new ArrayList<>();
        try (BenchEnvironment env = BenchEnvironment.start(ExternalServers.testkit())) {
            SearchBenchmark bench = new SearchBenchmark(env, out, 7, 50, Map.of());
            bench.run("postgres", 400).ifPresent(results::add);
            bench.run("dynamodb", 60).ifPresent(results::add);
        }
        SearchReport.print(out, results);
        System.out.print(text);

        assertThat(results).extracting(SearchBenchmark.Result::store).containsExactly("postgres", "dynamodb");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.errors()).isZero();
            assertThat(r.indexRate()).isPositive();
            assertThat(r.meanHits()).isPositive();
            assertThat(r.latency().count()).isEqualTo(50);
        });
        assertThat(results.getFirst().events()).isEqualTo(440);
        assertThat(results.getFirst().baselineRate()).isPositive();
        assertThat(text.toString())
                .contains(
                        "search (postgres): 400 products, 440 events",
                        "indexer (postgres): 440 events in",
                        "0 dead-lettered",
                        "minimal writer (KafkaConsumer + batched upsert, no postings): 440 events in",
                        "| PostgreSQL | 400 | 440 |",
                        "| DynamoDB (dynalite) | 60 | 66 |");
        String[] lines = text.toString().strip().split("\n");
        assertThat(lines[lines.length - 1]).matches("ratio_vs_baseline=\\d+\\.\\d\\d");
        assertThat(lines[lines.length - 2]).matches("search_p99_ms=\\d+\\.\\d");
    }
}
