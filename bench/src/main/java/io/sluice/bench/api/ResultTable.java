package io.sluice.bench.api;

import io.sluice.bench.Format;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints the API results as a table, then each endpoint's throughput as a ratio of the baselines. */
final class ResultTable {
    private final List<LoadResult> results;

    /** @param results the constant-body baseline first, the JDBC baseline last, the endpoints between */
    ResultTable(List<LoadResult> results) {
        this.results = results;
    }

    void print(PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%n%-30s %10s %9s %9s %9s %9s %8s%n",
                "scenario",
                "req/s",
                "p50",
                "p90",
                "p99",
                "max",
                "errors");
        for (LoadResult r : results) {
            out.printf(
                    Locale.ROOT,
                    "%-30s %10s %9s %9s %9s %9s %8s%n",
                    r.name(),
                    Format.count(Math.round(r.perSecond())),
                    Format.millisFromMicros(r.p50Micros()),
                    Format.millisFromMicros(r.p90Micros()),
                    Format.millisFromMicros(r.p99Micros()),
                    Format.millisFromMicros(r.maxMicros()),
                    Format.count(r.errors()));
        }
        LoadResult constant = results.get(0);
        LoadResult jdbc = results.get(results.size() - 1);
        out.printf("%nthroughput as a share of the baselines (same run):%n");
        for (LoadResult r : results.subList(1, results.size() - 1)) {
            out.printf(
                    Locale.ROOT,
                    "  %-28s %s x constant body, %s x JDBC point lookup%n",
                    r.name(),
                    Format.ratio(r.perSecond() / constant.perSecond()),
                    Format.ratio(r.perSecond() / jdbc.perSecond()));
        }
        out.printf("load generators: HTTP %s; JDBC %s%n", constant.client(), jdbc.client());
    }
}
