package io.sluice.cli;

import io.sluice.dlq.DeadLetter;
import io.sluice.dlq.DeadLetterFilter;
import io.sluice.dlq.DeadLetterJson;
import io.sluice.dlq.DeadLetterListing;
import io.sluice.dlq.DeadLetters;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dlq ls}: the newest dead letters that match, as a table (or {@code --json}), and how many were scanned. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List dead letters, newest first.")
final class DlqListCommand extends DlqSubcommand {
    static final int MAX_LIMIT = 1_000;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "A *.dlq topic or its source topic.")
    String topic;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "Dead-lettered at or after: 2026-12-05T10:15:30Z,"
                    + " 2026-12-05, epoch ms, or a duration ago (30m, 2h, 7d).")
    String since;

    @Option(names = "--error", paramLabel = "TEXT", description = "Error class or message contains TEXT (any case).")
    String error;

    @Option(names = "--status", paramLabel = "STATUS", description = "open, replayed or resolved.")
    String status;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N (default: 100).")
    String limit;

    @Override
    int run(DeadLetters deadLetters) {
        DeadLetterFilter filter = new DeadLetterFilter(topic, time("--since", since), error, status(status));
        DeadLetterListing listing = deadLetters.list(filter, limit());
        if (dlq.json) {
            printJson(DeadLetterJson.listing(listing));
            return 0;
        }
        PrintWriter out = out();
        String format = "%-36s  %-32s  %-20s  %-8s  %s%n";
        out.printf(format, "ID", "ORIGINAL", "DEAD-LETTERED", "STATUS", "ERROR");
        for (DeadLetter d : listing.records()) {
            out.printf(
                    format,
                    d.id(),
                    d.original().topic() + ":" + d.original().partition() + ":"
                            + d.original().offset(),
                    d.deadLetteredAt().truncatedTo(ChronoUnit.SECONDS),
                    d.status().label(),
                    error(d));
        }
        out.println("scanned " + listing.scanned() + ", matched " + listing.matched() + ", shown "
                + listing.records().size()
                + (listing.complete()
                        ? ""
                        : " (scan bound " + deadLetters.maxScan()
                                + " reached: the newest only; narrow with --topic or --since)"));
        out.flush();
        return 0;
    }

    private int limit() {
        try {
            int n = Integer.parseInt(limit.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadArgument("--limit must be an integer from 1 to " + MAX_LIMIT + ", got '" + limit + "'");
    }

    /** {@code SimpleClassName: message}, cut to keep the row on one line. */
    static String error(DeadLetter d) {
        String cls = d.errorClass() == null
                ? "?"
                : d.errorClass().substring(d.errorClass().lastIndexOf('.') + 1);
        String text =
                cls + ": " + (d.errorMessage() == null ? "" : d.errorMessage().replaceAll("\\s+", " "));
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
