package io.sluice.bench.search;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.ServerOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sluice bench search}: see {@link SearchBenchmark}; the report is {@link SearchReport}. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = {
            "Indexing: pre-produce N generated products as CDC events (plus a catalogue change for one in ten), measure"
                    + " the search indexer indexing them on PostgreSQL, then a minimal writer (KafkaConsumer + batched"
                    + " upsert of the same documents, no postings) on the same events; prints ratio_vs_baseline=<x.xx>.",
            "Search: then GET /products/search with generated queries (1-3 tokens, a third typed half-way, some price"
                    + " caps), one at a time, p50/p99. The same on DynamoDB (dynalite, throughput without a baseline) with"
                    + " --dynamodb-products products; 0 skips it. Runs its own embedded Kafka and PostgreSQL unless"
                    + " --bootstrap-servers/--jdbc-url are given."
        })
public final class SearchCommand implements Callable<Integer> {
    @Option(
            names = "--products",
            paramLabel = "N",
            defaultValue = "100000",
            description = "Products on PostgreSQL; 0 skips it (default: ${DEFAULT-VALUE}).")
    long products;

    @Option(
            names = "--dynamodb-products",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Products on DynamoDB (dynalite indexes some hundred a second); 0 skips it (default:"
                    + " ${DEFAULT-VALUE}).")
    long dynamoProducts;

    @Option(
            names = "--queries",
            paramLabel = "Q",
            defaultValue = "2000",
            description =
                    "Measured search requests per store, after min(200, Q) unmeasured (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the products and queries (default: random).")
    Long seed;

    @Mixin
    ServerOptions servers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (products < 0 || dynamoProducts < 0 || queries < 1 || (products == 0 && dynamoProducts == 0)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--products and --dynamodb-products must be >= 0 (not both 0) and --queries positive");
        }
        long s = seed != null ? seed : System.nanoTime();
        out.printf("search benchmark: seed %d%n", s);
        List<SearchBenchmark.Result> results = new ArrayList<>();
        try (BenchEnvironment env = BenchEnvironment.start(servers)) {
            if (servers.keepData()) {
                out.printf("data kept in %s%n", env.directory());
            }
            SearchBenchmark bench = new SearchBenchmark(env, out, s, queries, servers.overrides());
            if (products > 0) {
                bench.run("postgres", products).ifPresent(results::add);
            }
            if (dynamoProducts > 0) {
                bench.run("dynamodb", dynamoProducts).ifPresent(results::add);
            }
        }
        // The report last, once the servers are stopped (nothing they log comes after it).
        SearchReport.print(out, results);
        return results.stream().anyMatch(r -> r.errors() > 0) ? 1 : 0;
    }
}
