package io.sluice.cli;

import io.sluice.dlq.DeadLetterFilter;
import io.sluice.dlq.DeadLetterId;
import io.sluice.dlq.DeadLetterStatus;
import io.sluice.dlq.DeadLetters;
import io.sluice.dlq.DeadLettersUnavailableException;
import io.sluice.dlq.UnknownDeadLetterException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.ParentCommand;

/**
 * Base of the {@code dlq} subcommands: a bad argument (an ID, a time, a status, a combination of options) or an ID
 * with no dead letter is one {@code Error: ...} line and exit code 2; Kafka out of reach is one line and exit 1.
 */
abstract class DlqSubcommand extends CliCommand {
    static final int BAD_ARGUMENT = 2;

    @ParentCommand
    DlqCommand dlq;

    Clock clock = Clock.systemUTC();

    @Override
    final int execute() {
        try (DeadLetters deadLetters = dlq.open()) {
            return run(deadLetters);
        } catch (BadArgument | UnknownDeadLetterException e) {
            err().println("Error: " + e.getMessage());
            err().flush();
            return BAD_ARGUMENT;
        } catch (DeadLettersUnavailableException e) {
            throw new CliException(e.getMessage() + " — is the broker running? Try ./sluice up", e);
        }
    }

    /** Runs the command; throws {@link BadArgument} for a bad argument. */
    abstract int run(DeadLetters deadLetters);

    /** Who the history says acted: {@code cli:<user>}. */
    static String by() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    /** The ID argument, checked here rather than by picocli so that its absence is one line too. */
    static String required(String id) {
        if (id == null) {
            throw new BadArgument("give a dead-letter ID, e.g. text-messages.dlq:0:42 (see: sluice dlq ls)");
        }
        return id;
    }

    static DeadLetterId id(String text) {
        try {
            return DeadLetterId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadArgument(e.getMessage());
        }
    }

    Instant time(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return DeadLetterFilter.parseTime(text, clock);
        } catch (IllegalArgumentException e) {
            throw new BadArgument(option + ": " + e.getMessage());
        }
    }

    static DeadLetterStatus status(String text) {
        if (text == null) {
            return null;
        }
        try {
            return DeadLetterStatus.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadArgument("--status: " + e.getMessage());
        }
    }

    void printJson(Map<String, Object> value) {
        out().println(Json.pretty(Json.MAPPER.valueToTree(value)));
        out().flush();
    }

    /** A bad argument: one line, exit 2. */
    static final class BadArgument extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadArgument(String message) {
            super(message);
        }
    }
}
