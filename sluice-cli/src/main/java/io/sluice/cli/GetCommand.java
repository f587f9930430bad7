package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code get ID}: one stored message. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Show one stored message.")
public final class GetCommand extends CliCommand {

    enum Format {
        pretty,
        json
    }

    @Mixin
    ServiceOptions service;

    @Parameters(paramLabel = "ID", description = "The message id.")
    String id;

    @Option(
            names = "--format",
            defaultValue = "pretty",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    int execute() {
        try (TextWriterClient client = service.client()) {
            JsonNode message = client.message(id);
            PrintWriter out = out();
            if (format == Format.json) {
                out.println(Json.pretty(message));
            } else {
                out.println("ID: " + Json.text(message, "id"));
                out.println("Message: " + Json.text(message, "message"));
                out.println("Source: " + Json.text(message, "source"));
                out.println("Created: " + Json.text(message, "created_at"));
                out.println("Processed: " + Json.text(message, "processed_at"));
            }
            return 0;
        }
    }
}
