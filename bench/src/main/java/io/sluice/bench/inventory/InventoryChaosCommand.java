package io.sluice.bench.inventory;

import io.sluice.bench.ServerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sluice chaos inventory}: see {@link InventoryChaos}. Exit code 1 when any check fails. */
@Command(
        name = "inventory",
        mixinStandardHelpOptions = true,
        description = {
            "Run the CDC source on a shop database with demo shop traffic while the inventory service, a child"
                    + " process, is SIGKILLed K times and restarted.",
            "Then check that every product's stock equals the same definition computed by SQL over shop (from the"
                    + " run's audit triggers) and that deleted products are not shown. Ends with 'N passed, M"
                    + " failed'; exit code 1 on any failure.",
            "Uses its own embedded Kafka and PostgreSQL on free ports unless --bootstrap-servers/--jdbc-url are"
                    + " given."
        })
public final class InventoryChaosCommand implements Callable<Integer> {
    @Option(
            names = "--kills",
            paramLabel = "K",
            defaultValue = "5",
            description = "SIGKILLs of the inventory process (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "120",
            description = "Seconds of demo traffic (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--rate",
            paramLabel = "STEPS",
            defaultValue = "100",
            description = "Demo steps per second, about 2 change events each (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            description = "Seed of the traffic and the kill moments (default: random).")
    Long seed;

    @Mixin
    ServerOptions servers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        InventoryChaos.Plan plan;
        try {
            plan = new InventoryChaos.Plan(
                    kills, seconds, rate, "dbserver1", seed != null ? seed : System.nanoTime(), servers.overrides());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        InventoryChaosReport report =
                new InventoryChaos(plan, servers, spec.commandLine().getOut()).run();
        report.print(spec.commandLine().getOut());
        return report.passed() ? 0 : 1;
    }
}
