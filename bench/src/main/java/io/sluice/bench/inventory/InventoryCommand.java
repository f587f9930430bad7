package io.sluice.bench.inventory;

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

/** {@code sluice bench inventory}: see {@link InventoryBenchmark} and {@link InventoryLatency}. */
@Command(
        name = "inventory",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the inventory service storing pre-produced CDC events (a realistic mix on the products and"
                    + " order-items topics), against a naive hand-written writer applying the same events; the last"
                    + " line is ratio_vs_baseline=<x.xx>.",
            "With --rate, run the whole path instead (the CDC source on a shop database, demo shop traffic at that"
                    + " rate, the inventory service) and report source commit to stock visible (p50/p99); the last"
                    + " line is p99_ms=<n>.",
            "Runs its own embedded Kafka and PostgreSQL on free ports unless --bootstrap-servers/--jdbc-url are"
                    + " given."
        })
public final class InventoryCommand implements Callable<Integer> {
    @Option(
            names = "--events",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "CDC events to pre-produce, tombstones included (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(
            names = "--store",
            paramLabel = "STORE",
            defaultValue = "postgres",
            description = "The inventory's store: postgres or dynamodb (on dynalite; no target) (default:"
                    + " ${DEFAULT-VALUE}).")
    String store;

    @Option(
            names = "--rate",
            paramLabel = "R",
            description = "Latency mode: demo shop traffic at R change events per second through the CDC source.")
    Double rate;

    @Option(
            names = "--latency-seconds",
            paramLabel = "S",
            defaultValue = "60",
            description = "Latency mode: measured seconds of traffic (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the events or the traffic (default: random).")
    Long seed;

    @Mixin
    ServerOptions servers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        InventoryOptions options;
        try {
            options = new InventoryOptions(
                    events, store, "dbserver1", seed != null ? seed : System.nanoTime(), servers.overrides());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (rate != null) {
            if (rate <= 0 || latencySeconds < 1) {
                throw new ParameterException(spec.commandLine(), "--rate and --latency-seconds must be positive");
            }
            InventoryLatency.Result result;
            try (BenchEnvironment env = start(out)) {
                result = new InventoryLatency(env, options, rate, latencySeconds, out).run();
            }
            result.print(out);
            return 0;
        }
        InventoryBenchmark.Result result;
        try (BenchEnvironment env = start(out)) {
            result = new InventoryBenchmark(env, options, out).run();
        }
        result.print(out);
        return result.serviceRate() > 0 && !result.storeMatches() ? 1 : 0;
    }

    private BenchEnvironment start(PrintWriter out) {
        BenchEnvironment env = BenchEnvironment.start(servers);
        if (servers.keepData()) {
            out.printf("data kept in %s%n", env.directory());
        }
        return env;
    }
}
