package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code activity user|stats}: the activity processor's aggregates. */
@Command(
        name = "activity",
        mixinStandardHelpOptions = true,
        description = "Activity events: a user's activity, events per type per minute.",
        subcommands = {ActivityCommand.User.class, ActivityCommand.Stats.class})
public final class ActivityCommand implements Runnable {

    @Mixin
    ActivityProcessorOptions processor;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    enum Format {
        table,
        json
    }

    /** {@code activity user ID}: a user's totals, by type, first and last seen, sessions. */
    @Command(name = "user", mixinStandardHelpOptions = true, description = "Show a user's activity.")
    static final class User extends CliCommand {
        @Mixin
        ActivityProcessorOptions processor;

        @Parameters(index = "0", paramLabel = "ID", description = "The user id.")
        String id;

        @Option(
                names = "--format",
                defaultValue = "table",
                description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Format format;

        @Override
        int execute() {
            if (id.isBlank()) {
                throw new CliException("ID must not be blank");
            }
            try (ActivityProcessorClient client = processor.client()) {
                JsonNode u = client.user(id);
                PrintWriter out = out();
                if (format == Format.json) {
                    out.println(Json.pretty(u));
                    return 0;
                }
                out.println("User: " + Json.text(u, "user_id"));
                out.println("Events: " + Json.text(u, "events") + counts(u.path("events_by_type")));
                out.println("First Seen: " + Json.text(u, "first_seen"));
                out.println("Last Seen: " + Json.text(u, "last_seen"));
                out.println("Sessions: " + Json.text(u, "sessions"));
                return 0;
            }
        }

        private static String counts(JsonNode byType) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : byType.properties()) {
                parts.add(e.getKey() + " " + e.getValue().asText());
            }
            return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
        }
    }

    /** {@code activity stats [--from T] [--to T]}: events per type per minute. */
    @Command(
            name = "stats",
            mixinStandardHelpOptions = true,
            description = "Events per type per minute (default: the last hour).")
    static final class Stats extends CliCommand {
        @Mixin
        ActivityProcessorOptions processor;

        @Option(names = "--from", paramLabel = "TIME", description = "From this RFC 3339 time (inclusive).")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "To this RFC 3339 time (exclusive).")
        String to;

        @Option(
                names = "--format",
                defaultValue = "table",
                description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Format format;

        @Override
        int execute() {
            try (ActivityProcessorClient client = processor.client()) {
                JsonNode body = client.stats(from, to);
                PrintWriter out = out();
                if (format == Format.json) {
                    out.println(Json.pretty(body));
                    return 0;
                }
                out.println("Activity from " + Json.text(body, "from") + " to " + Json.text(body, "to"));
                JsonNode minutes = body.path("minutes");
                if (minutes.isEmpty()) {
                    out.println("No events");
                    return 0;
                }
                out.printf("%-22s %-20s %s%n", "MINUTE", "TYPE", "EVENTS");
                for (JsonNode m : minutes) {
                    for (Map.Entry<String, JsonNode> e : m.path("events").properties()) {
                        out.printf(
                                "%-22s %-20s %s%n",
                                Json.text(m, "minute"), e.getKey(), e.getValue().asText());
                    }
                }
                List<String> totals = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : body.path("totals").properties()) {
                    totals.add(e.getKey() + " " + e.getValue().asText());
                }
                out.println("Totals: " + String.join(", ", totals));
                if (body.path("truncated").asBoolean()) {
                    out.println("(truncated: narrow --from/--to for every minute)");
                }
                return 0;
            }
        }
    }
}
