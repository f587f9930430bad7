package io.sluice.bench.analytics;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.ServerOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sluice bench analytics}: see {@link AnalyticsBenchmark}. */
@Command(
        name = "analytics",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the analytics service (Kafka Streams, exactly_once_v2) consuming pre-produced CDC events of"
                    + " --orders orders and their items (with status changes, amount changes and deletes) until its"
                    + " live summary equals the generator's figures, against a raw KafkaConsumer reading and parsing"
                    + " the same topics; then time POST /analytics/flush (every report to an embedded S3 server)."
                    + " Prints ratio_vs_baseline=<x.xx> last.",
            "--set takes full keys, e.g. --set services.analytics.streams.threads=2. Runs its own embedded Kafka"
                    + " (and PostgreSQL, unused) on free ports unless --bootstrap-servers/--jdbc-url are given."
        })
public final class AnalyticsBenchCommand implements Callable<Integer> {
    @Option(
            names = "--orders",
            paramLabel = "N",
            defaultValue = "100000",
            description = "Orders to generate, each with 1 to 3 items (default: ${DEFAULT-VALUE}).")
    int orders;

    @Option(
            names = "--changes",
            paramLabel = "SHARE",
            defaultValue = "0.3",
            description = "Per order created, the chance of a change to an earlier order: a status change, an amount"
                    + " change or a delete with its items (default: ${DEFAULT-VALUE}).")
    double changes;

    @Option(
            names = "--flushes",
            paramLabel = "K",
            defaultValue = "5",
            description = "Timed flushes once every event is in; the p50 is reported (default: ${DEFAULT-VALUE}).")
    int flushes;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the events (default: random).")
    Long seed;

    @Mixin
    ServerOptions servers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        AnalyticsOptions options;
        try {
            options = new AnalyticsOptions(
                    orders,
                    changes,
                    flushes,
                    "dbserver1",
                    seed != null ? seed : System.nanoTime(),
                    servers.overrides());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        AnalyticsBenchmark.Result result;
        try (BenchEnvironment env = BenchEnvironment.start(servers)) {
            if (servers.keepData()) {
                out.printf("data kept in %s%n", env.directory());
            }
            result = new AnalyticsBenchmark(env, options, out).run();
        }
        // The result lines last, once the servers are stopped (nothing they log comes after them).
        result.print(out);
        return result.figuresMatch() ? 0 : 1;
    }
}
