package io.sluice.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** Runs the commands the way the launcher does: registered under a top-level {@code sluice} command. */
final class Cli {

    record Result(int exitCode, String out, String err) {}

    /** Stands in for the launcher's top-level command, with inherited help options as it may have. */
    @Command(name = "sluice", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT)
    static final class Root {}

    private Cli() {}

    static CommandLine commandLine() {
        return CliCommands.register(new CommandLine(new Root()));
    }

    static Result run(String... args) {
        return run(commandLine(), args);
    }

    static Result run(CommandLine root, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        root.setOut(new PrintWriter(out, true));
        root.setErr(new PrintWriter(err, true));
        int exitCode = root.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
