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
            "Throughput: measure the inventory service storing pre-produced CDC events (a realistic mix on the"
                    + " products and order-items topics), against a naive hand-written writer applying the same events;"
                    + " prints ratio_vs_baseline=<x.xx>.",
            "Latency: then run the whole path (the CDC source on a shop database, demo shop traffic at --rate, the"
                    + " inventory service) and report source commit to stock visible (p50/p99); prints p99_ms=<n>.",
            "--events 0 skips the throughput part, --latency-seconds 0 the latency part. --set takes full keys, e.g."
                    + " --set services.inventory.batch.max_records=10000. Runs its own embedded Kafka and PostgreSQL"
                    + " on free ports unless --bootstrap-servers/--jdbc-url are given."
        })
public final class InventoryCommand implements Callable<Integer> {
    @Option(
            names = "--events",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "CDC events to pre-produce, tombstones included; 0 skips the throughput part (default:"
                    + " ${DEFAULT-VALUE}).")
    long events;

    @Option(
            names = "--store",
            paramLabel = "STORE",
            defaultValue = "postgres",
            description = "The inventory's store: postgres or dynamodb (on dynalite; no target; throughput only)"
                    + " (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "1000",
            description = "Latency part: demo shop traffic at R change events per second through the CDC source"
                    + " (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--latency-seconds",
            paramLabel = "S",
            defaultValue = "60",
            description = "Latency part: measured seconds of traffic; 0 skips it (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            description = "Seed of the events and the traffic (default: random).")
    Long seed;

    @Mixin
    ServerOptions servers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (events < 0 || latencySeconds < 0 || rate <= 0 || (events == 0 && latencySeconds == 0)) {
            throw new ParameterException(
                    spec.commandLine(), "--events and --latency-seconds must be >= 0 (not both 0) and --rate positive");
        }
        InventoryOptions options;
        try {
            options = new InventoryOptions(
                    Math.max(1, events),
                    store,
                    "dbserver1",
                    seed != null ? seed : System.nanoTime(),
                    servers.overrides());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        InventoryBenchmark.Result throughput = null;
        if (events > 0) {
            try (BenchEnvironment env = start(out)) {
                throughput = new InventoryBenchmark(env, options, out).run();
            }
        }
        InventoryLatency.Result latency = null;
        if (latencySeconds > 0) {
            try (BenchEnvironment env = start(out)) {
                latency = new InventoryLatency(env, options, rate, latencySeconds, out).run();
            }
        }
        // The result lines last, once the servers are stopped (nothing they log comes after them).
        if (throughput != null) {
            throughput.print(out);
        }
        if (latency != null) {
            latency.print(out);
        }
        return throughput != null && throughput.serviceRate() > 0 && !throughput.storeMatches() ? 1 : 0;
    }

    private BenchEnvironment start(PrintWriter out) {
        BenchEnvironment env = BenchEnvironment.start(servers);
        if (servers.keepData()) {
            out.printf("data kept in %s%n", env.directory());
        }
        return env;
    }
}
