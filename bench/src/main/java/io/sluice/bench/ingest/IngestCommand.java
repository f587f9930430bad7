package io.sluice.bench.ingest;

import io.sluice.bench.BenchEnvironment;
import io.sluice.bench.ServerOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice bench ingest}: see {@link IngestBenchmark} and {@link LatencyBenchmark}. */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the text writer storing pre-produced messages, against a raw COPY of the same rows;"
                    + " the last line is ratio_vs_copy=<x.xx>.",
            "With --rate, produce at that rate instead and report end-to-end latency (p50/p95/p99); the last"
                    + " line is p99_ms=<n>.",
            "Runs its own embedded Kafka and PostgreSQL on free ports unless --bootstrap-servers/--jdbc-url are"
                    + " given."
        })
public final class IngestCommand implements Callable<Integer> {
    @Option(
            names = "--messages",
            paramLabel = "N",
            description = "Messages to store (default: 1,000,000; with --rate, rate x --seconds).")
    Long messages;

    @Option(
            names = "--size",
            paramLabel = "BYTES",
            defaultValue = "100",
            description = "Bytes per message (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(
            names = "--partitions",
            paramLabel = "P",
            defaultValue = "6",
            description = "Partitions of the input topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--rate",
            paramLabel = "R",
            description = "Latency mode: produce R messages per second and report end-to-end latency.")
    Double rate;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "60",
            description = "Latency mode: measured seconds of traffic when --messages is not given (default:"
                    + " ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--warmup",
            paramLabel = "S",
            defaultValue = "5",
            description = "Latency mode: seconds of traffic before measuring (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(
            names = "--jfr",
            paramLabel = "FILE",
            description = "Record the write phase with Java Flight Recorder into FILE.")
    Path jfr;

    @Mixin
    ServerOptions servers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        IngestOptions options =
                new IngestOptions(messageCount(), size, partitions, rate == null ? 0 : rate, warmupSeconds, jfr);
        if (options.latencyMode()) {
            LatencyBenchmark.Result result;
            try (BenchEnvironment env = start(out)) {
                result = new LatencyBenchmark(env, options, servers.overrides(), out).run();
            }
            result.print(out);
        } else {
            IngestBenchmark.Result result;
            try (BenchEnvironment env = start(out)) {
                result = new IngestBenchmark(env, options, servers.overrides(), out).run();
            }
            result.print(out);
        }
        return 0;
    }

    private BenchEnvironment start(PrintWriter out) {
        BenchEnvironment env = BenchEnvironment.start(servers);
        if (servers.keepData()) {
            out.printf("data kept in %s%n", env.directory());
        }
        return env;
    }

    private long messageCount() {
        if (messages != null) {
            return messages;
        }
        return rate == null ? 1_000_000 : Math.round(rate * seconds);
    }
}
