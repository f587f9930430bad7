package io.sluice.bench.search;

import io.sluice.bench.Format;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The search benchmark's report: a markdown table (one row per store, for docs/benchmarks.md) and, last, the
 * machine-read lines {@code search_p99_ms=<n>} and {@code ratio_vs_baseline=<x.xx>} (PostgreSQL) beside the issue's
 * targets.
 */
final class SearchReport {
    /** The targets on this machine (PostgreSQL). */
    static final double TARGET_RATIO = 0.5;

    static final long TARGET_P99_MICROS = 20_000;

    private SearchReport() {}

    static void print(PrintWriter out, List<SearchBenchmark.Result> results) {
        out.println();
        out.println(
                "| Store | Products | Events | Indexing | Minimal writer | Ratio | Search p50 | Search p99 | Results"
                        + " per query |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (SearchBenchmark.Result r : results) {
            boolean postgres = r.store().equals("postgres");
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s events/s | %s | %s | %s | %s | %.1f |%n",
                    postgres ? "PostgreSQL" : "DynamoDB (dynalite)",
                    Format.count(r.products()),
                    Format.count(r.events()),
                    Format.count(Math.round(r.indexRate())),
                    postgres ? Format.count(Math.round(r.baselineRate())) + " events/s" : "n/a",
                    postgres
                            ? Format.ratio(r.ratio()) + " (target >= " + TARGET_RATIO + ": "
                                    + verdict(r.ratio() >= TARGET_RATIO) + ")"
                            : "n/a",
                    Format.millisFromMicros(r.latency().p50()),
                    Format.millisFromMicros(r.latency().p99())
                            + (postgres
                                    ? " (target <= 20 ms: "
                                            + verdict(r.latency().p99() <= TARGET_P99_MICROS) + ")"
                                    : ""),
                    r.meanHits());
        }
        out.println();
        for (SearchBenchmark.Result r : results) {
            if (r.store().equals("postgres")) {
                out.printf("search_p99_ms=%.1f%n", r.latency().p99() / 1000.0);
                out.printf("ratio_vs_baseline=%s%n", Format.ratio(r.ratio()));
            }
        }
        out.flush();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }
}
