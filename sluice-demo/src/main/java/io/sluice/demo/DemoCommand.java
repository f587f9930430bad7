package io.sluice.demo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sluice demo}: traffic for the demo sources. Alone, it prints its usage. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Write demo traffic into a source database (what `sluice up` captures).",
        subcommands = {ShopDemoCommand.class})
public final class DemoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
