package io.sluice.bench.activity;

import io.sluice.bench.ServerOptions;
import io.sluice.bench.chaos.ChaosReport;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sluice chaos activity}: see {@link ActivityChaos}. Exit code 1 when any check fails. */
@Command(
        name = "activity",
        mixinStandardHelpOptions = true,
        description = {
            "Send activity events through the ingestion API from several clients while the broker is stopped for a"
                    + " while and the activity processor, a child process, is SIGKILLed K times and restarted.",
            "Then check that every event answered 202 is stored exactly once (and counted once in every aggregate),"
                    + " the stored offsets reach the end of the topic and nothing was dead-lettered. Ends with 'N"
                    + " passed, M failed'; exit code 1 on any failure.",
            "Uses its own embedded Kafka and PostgreSQL on free ports (the broker must be embedded: the run stops it)."
        })
public final class ActivityChaosCommand implements Callable<Integer> {
    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "90",
            description = "Seconds of client traffic" + " (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--outage",
            paramLabel = "S",
            defaultValue = "30",
            description = "Seconds the broker is stopped (default: ${DEFAULT-VALUE}).")
    int outage;

    @Option(
            names = "--kills",
            paramLabel = "K",
            defaultValue = "3",
            description = "SIGKILLs of the processor (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(
            names = "--clients",
            paramLabel = "N",
            defaultValue = "8",
            description = "HTTP clients (default:" + " ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--rate",
            paramLabel = "EVENTS",
            defaultValue = "1000",
            description = "Events per second over all clients, in batches of 20 (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the traffic (default: random).")
    Long seed;

    @Mixin
    ServerOptions servers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ActivityChaos.Plan plan;
        try {
            plan = new ActivityChaos.Plan(
                    seconds,
                    outage,
                    kills,
                    clients,
                    rate,
                    Duration.ofSeconds(180),
                    seed != null ? seed : System.nanoTime());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ChaosReport report = new ActivityChaos(plan, servers, spec.commandLine().getOut()).run();
        report.print(spec.commandLine().getOut());
        return report.passed() ? 0 : 1;
    }
}
