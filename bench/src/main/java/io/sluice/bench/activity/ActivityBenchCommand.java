package io.sluice.bench.activity;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench activity}: the ingestion API ({@link IngestionBench}: accepted events/s and p50/p99 for single
 * events and batches, beside the same server answering without producing) and then the processor ({@link
 * ProcessorBench}: events/s against a raw consume-and-COPY of the same records), each against its baseline in the same
 * run. Exit code 1 when a target is missed or the processor did not store exactly every event.
 */
@Command(
        name = "activity",
        mixinStandardHelpOptions = true,
        description = {
            "Ingestion: two ingestion API instances on one embedded broker, one producing and one answering without"
                    + " producing (the HTTP ceiling); single events and batches of 100 over keep-alive connections,"
                    + " accepted events/s and p50/p99 (targets: >= 10,000 events/s in batches, p99 <= 50 ms).",
            "Processor: N generated EnrichedEvents (snappy) on 6 partitions; the activity processor storing them with"
                    + " their aggregates, then a raw consume-and-COPY of the same records, in the same run; prints"
                    + " processor_ratio_vs_copy=<x.xx> (target >= 0.5)."
        })
public final class ActivityBenchCommand implements Callable<Integer> {
    @Option(
            names = "--events",
            paramLabel = "N",
            defaultValue = "150000",
            description = "Events for the processor part; 0 skips it (default: ${DEFAULT-VALUE}; below 100,000 the"
                    + " JIT warm-up dominates).")
    long events;

    @Option(
            names = "--measure-seconds",
            paramLabel = "S",
            defaultValue = "10",
            description = "Measured seconds per ingestion scenario; 0 skips the ingestion part (default:"
                    + " ${DEFAULT-VALUE}).")
    int measureSeconds;

    @Option(
            names = "--connections",
            paramLabel = "C",
            defaultValue = "16",
            description = "Concurrent connections per ingestion scenario (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the processor's events (default: random).")
    Long seed;

    @Mixin
    ServerOptions servers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (events < 0 || measureSeconds < 0 || connections < 1 || (events == 0 && measureSeconds == 0)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--events and --measure-seconds must be >= 0 (not both 0) and --connections positive");
        }
        boolean ok = true;
        IngestionBench.Report ingestion = null;
        if (measureSeconds > 0) {
            Path dir = temporaryDirectory();
            IngestionBench.Options defaults = IngestionBench.Options.defaults();
            try {
                ingestion = IngestionBench.run(
                        out,
                        dir,
                        new IngestionBench.Options(
                                defaults.warmup(),
                                Duration.ofSeconds(measureSeconds),
                                connections,
                                servers.overrides()));
            } finally {
                if (!servers.keepData()) {
                    BenchEnvironment.deleteQuietly(dir);
                }
            }
            ok = ingestion.targetMet();
        }
        ProcessorBench.Result processor = null;
        if (events > 0) {
            long s = seed != null ? seed : System.nanoTime();
            out.printf("activity processor benchmark: seed %d%n", s);
            try (BenchEnvironment env = BenchEnvironment.start(servers)) {
                processor = ProcessorBench.run(env, events, s, out);
            }
            // The result last, once the servers are stopped (nothing they log comes after it).
            processor.print(out);
            ok &= processor.storedExactly() && processor.ratio() >= ProcessorBench.TARGET_RATIO;
        }
        out.flush();
        return ok ? 0 : 1;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("sluice-bench-activity");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
