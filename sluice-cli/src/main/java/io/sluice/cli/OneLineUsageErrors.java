package io.sluice.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The usage errors of the {@code kafka}, {@code embeddings} and {@code dlq} commands as one line, {@code Error: <what is wrong>
 * (see: sluice kafka write --help)}, and exit code 2, instead of picocli's message followed by the whole usage help.
 * Usage errors of the other commands go to the handler that was in place before. The commands' own argument checks
 * ({@link #badArgument}) come through here as well, so a value picocli cannot convert and a value out of range read
 * the same way.
 */
final class OneLineUsageErrors implements IParameterExceptionHandler {

    static final int USAGE = 2;

    private final IParameterExceptionHandler others;

    private OneLineUsageErrors(IParameterExceptionHandler others) {
        this.others = others;
    }

    /** Installs the handler on {@code root}, the command whose {@code execute} runs the subcommands. */
    static void install(CommandLine root) {
        root.setParameterExceptionHandler(new OneLineUsageErrors(root.getParameterExceptionHandler()));
    }

    /** A bad argument of {@code spec}'s command: thrown from a command, it becomes the one line and exit code 2. */
    static ParameterException badArgument(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) throws Exception {
        CommandLine failed = ex.getCommandLine();
        if (!covers(failed.getCommandSpec())) {
            return others.handleParseException(ex, args);
        }
        PrintWriter err = failed.getErr();
        err.println("Error: " + ex.getMessage().strip().replaceAll("\\s*\\R\\s*", " ") + " (see: "
                + failed.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return USAGE;
    }

    private static boolean covers(CommandSpec spec) {
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            if (s.userObject() instanceof KafkaCommand
                    || s.userObject() instanceof EmbeddingsCommand
                    || s.userObject() instanceof DlqCommand) {
                return true;
            }
        }
        return false;
    }
}
