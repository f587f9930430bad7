package io.sluice.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the CLI commands: turns an expected failure ({@link CliException}) into one {@code Error: ...} line on
 * the command's error writer and exit code 1. Anything else is a bug and reaches picocli's handler with its stack
 * trace.
 */
abstract class CliCommand implements Callable<Integer> {

    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (CliException e) {
            PrintWriter err = err();
            err.println("Error: " + e.getMessage());
            err.flush();
            return FAILED;
        }
    }

    /** Runs the command and returns its exit code; throws {@link CliException} for expected failures. */
    abstract int execute();

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    static CliException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new CliException("interrupted", e);
    }
}
