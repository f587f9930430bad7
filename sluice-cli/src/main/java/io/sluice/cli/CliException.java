package io.sluice.cli;

/**
 * An expected failure of a CLI command: its message is the one line shown to the user after {@code Error: }, so
 * it says what failed and what to do next. {@link CliCommand} prints it without a stack trace and exits 1.
 */
class CliException extends RuntimeException {

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
