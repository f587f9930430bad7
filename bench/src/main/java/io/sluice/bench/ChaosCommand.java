package io.sluice.bench;

import io.sluice.bench.chaos.TextWriterChaosCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sluice chaos}: fault runs that kill and restart things and then check nothing was lost or duplicated. */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = "Fault runs: kill and restart a service and its servers, then check the stored data.",
        subcommands = {
            TextWriterChaosCommand.class,
            io.sluice.bench.inventory.InventoryChaosCommand.class,
            io.sluice.bench.activity.ActivityChaosCommand.class
        })
public final class ChaosCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: text-writer, inventory or activity");
    }
}
