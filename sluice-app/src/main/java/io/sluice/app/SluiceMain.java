package io.sluice.app;

import io.sluice.bench.BenchCommand;
import io.sluice.bench.ChaosCommand;
import io.sluice.cli.CliCommands;
import io.sluice.core.Version;
import io.sluice.core.config.ConfigException;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command: {@code up}, {@code run SERVICE}, and the client commands of sluice-cli. */
@Command(
        name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = SluiceMain.VersionProvider.class,
        description = "Sluice: real-time Kafka pipelines on the JVM.",
        subcommands = {UpCommand.class, RunCommand.class, BenchCommand.class, ChaosCommand.class})
public final class SluiceMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (!isServerCommand(args)) {
            // Client commands print their own one-line errors; Kafka client retries would only add noise.
            System.setProperty("sluice.kafka.log.level", "OFF");
            System.setProperty("sluice.log.level", "WARN");
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        boolean run = args.length > 0 && args[0].equals("run");
        if (!run) {
            System.exit(commandLine().execute(args));
        }
        String[] runArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
        var plain = RunCommand.parsePlain(runArgs);
        System.exit(plain.isPresent() ? runPlain(plain.get()) : runCommandLine().execute(runArgs));
    }

    /** {@code run} with plain arguments, its errors reported as picocli's handler below reports them. */
    private static int runPlain(RunCommand.Parsed p) {
        try {
            return RunCommand.run(p.service(), p.config(), p.flags());
        } catch (ConfigException e) {
            System.err.println("Error: configuration: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            System.err.println("Error: " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(SluiceMain.class).debug("command failed", e);
            return 1;
        }
    }

    /**
     * {@code sluice run SERVICE} parsed by a command line of {@code run} alone: building every command's model (the
     * CLI, the benchmarks, the fault runs: hundreds of annotated classes) took a third of a second of a service's start
     * on the 2-core build machine. Anything else gets the whole tree ({@link #commandLine()}).
     */
    static CommandLine runCommandLine() {
        CommandLine run = handleErrors(new CommandLine(new RunCommand()).setCommandName("sluice run"));
        run.getCommandSpec().usageMessage().footer(RunCommand.footer());
        return run;
    }

    private static boolean isServerCommand(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a.equals("up") || a.equals("run");
            }
        }
        return false;
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SluiceMain());
        CliCommands.register(cl);
        cl.addSubcommand(new io.sluice.demo.DemoCommand());
        cl.getSubcommands().get("run").getCommandSpec().usageMessage().footer(RunCommand.footer());
        return handleErrors(cl);
    }

    private static CommandLine handleErrors(CommandLine cl) {
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("Error: configuration: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("Error: " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(SluiceMain.class).debug("command failed", e);
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sluice " + Version.current()};
        }
    }
}
