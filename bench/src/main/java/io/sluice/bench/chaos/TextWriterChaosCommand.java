package io.sluice.bench.chaos;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice chaos text-writer}: see {@link TextWriterChaos}. Exit code 1 when any check fails. */
@Command(
        name = "text-writer",
        mixinStandardHelpOptions = true,
        description = {
            "Run the text writer as a child process while records (1%% invalid) stream in; SIGKILL it K times at"
                    + " random moments, restart PostgreSQL once and the broker once.",
            "Then check that the stored rows are exactly the valid records, the DLQ holds exactly the invalid ones"
                    + " and the stored offsets are at the end. Ends with 'N passed, M failed'; exit code 1 on any"
                    + " failure.",
            "Uses its own embedded Kafka and PostgreSQL on free ports."
        })
public final class TextWriterChaosCommand implements Callable<Integer> {
    @Option(
            names = "--messages",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "Records to produce (default: ${DEFAULT-VALUE}).")
    long messages;

    @Option(
            names = "--kills",
            paramLabel = "K",
            defaultValue = "5",
            description = "SIGKILLs of the writer (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(
            names = "--partitions",
            paramLabel = "P",
            defaultValue = "6",
            description = "Partitions of the input topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--rate", paramLabel = "R", description = "Records per second (default: N / 60, at least 1,000).")
    Double rate;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            description = "Seed of the messages and fault moments, to replay a run (default: random).")
    Long seed;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "Give up after this many seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ChaosPlan plan = new ChaosPlan(
                messages,
                kills,
                partitions,
                rate != null ? rate : ChaosPlan.defaultRate(messages),
                0.01,
                seed != null ? seed : System.nanoTime(),
                Duration.ofSeconds(timeoutSeconds));
        ChaosReport report = new TextWriterChaos(plan, spec.commandLine().getOut()).run();
        report.print(spec.commandLine().getOut());
        return report.passed() ? 0 : 1;
    }
}
