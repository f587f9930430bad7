package io.sluice.bench;

import io.sluice.bench.api.ApiCommand;
import io.sluice.bench.ingest.IngestCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sluice bench}: the benchmark commands ({@code ingest}, {@code api}, {@code search}, {@code analytics}, ...). See docs/benchmarks.md. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks on embedded (or external) Kafka and PostgreSQL; see docs/benchmarks.md.",
        subcommands = {
            IngestCommand.class,
            ApiCommand.class,
            io.sluice.bench.inventory.InventoryCommand.class,
            io.sluice.bench.search.SearchCommand.class,
            io.sluice.bench.activity.ActivityBenchCommand.class,
            io.sluice.bench.requestevents.RequestEventsBenchCommand.class,
            io.sluice.bench.analytics.AnalyticsBenchCommand.class
        })
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "Missing subcommand: ingest, api, request-events, inventory, search, activity or analytics");
    }
}
