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

/** {@code activity user ID}: a user's totals, by type, first and last seen, sessions. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Show a user's activity.")
public final class ActivityUserCommand extends CliCommand {
    /** The processor's URL: {@code activity}'s own {@code --url} is the ingestion API's. */
    @Mixin
    ActivityProcessorOptions processor;

    @Parameters(index = "0", paramLabel = "ID", description = "The user id.")
    String id;

    @Option(
            names = "--format",
            defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    enum Format {
        table,
        json
    }

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
