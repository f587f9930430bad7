package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stats}: message counts, the oldest and newest message times, and whether the consumer runs. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Show Text Writer service statistics.")
public final class StatsCommand extends CliCommand {

    enum Format {
        pretty,
        json
    }

    @Mixin
    ServiceOptions service;

    @Option(
            names = "--format",
            defaultValue = "pretty",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    int execute() {
        try (TextWriterClient client = service.client()) {
            JsonNode stats = client.stats();
            PrintWriter out = out();
            if (format == Format.json) {
                out.println(Json.pretty(stats));
                return 0;
            }
            out.println("Text Writer Service Statistics");
            out.println("=".repeat(40));
            out.println("Total Messages: " + Json.text(stats, "total_messages"));
            out.println("Recent Messages (1h): " + Json.text(stats, "recent_messages_1h"));
            out.println("Kafka Consumer Running: " + Json.text(stats, "kafka_consumer_running"));
            printIfPresent(out, "Oldest Message: ", stats.path("oldest_message"));
            printIfPresent(out, "Newest Message: ", stats.path("newest_message"));
            return 0;
        }
    }

    private static void printIfPresent(PrintWriter out, String label, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            out.println(label + value.asText());
        }
    }
}
