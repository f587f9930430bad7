package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code activity stats [--from T] [--to T]}: events per type per minute. */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = "Events per type per minute (default: the last hour).")
public final class ActivityStatsCommand extends CliCommand {
    /** The processor's URL: {@code activity}'s own {@code --url} is the ingestion API's. */
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
    ActivityUserCommand.Format format;

    @Override
    int execute() {
        try (ActivityProcessorClient client = processor.client()) {
            JsonNode body = client.stats(from, to);
            PrintWriter out = out();
            if (format == ActivityUserCommand.Format.json) {
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
