package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code create TEXT [--id ID]}: stores a message through the API; an existing id is reported, not an error. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Store a message through the HTTP API.")
public final class CreateCommand extends CliCommand {

    @Mixin
    ServiceOptions service;

    @Parameters(paramLabel = "TEXT", description = "The message text.")
    String text;

    @Option(
            names = "--id",
            paramLabel = "ID",
            description =
                    "The message id: a UUID, or any other string (up to 255 characters), which the service maps to a stable UUID; the service makes one if absent.")
    String id;

    @Override
    int execute() {
        try (TextWriterClient client = service.client()) {
            JsonNode created = client.create(text, id);
            if ("exists".equals(created.path("status").textValue())) {
                out().println("Message already exists.");
                out().println("ID: " + Json.text(created, "id"));
            } else {
                out().println("Message created successfully!");
                out().println("ID: " + Json.text(created, "id"));
                out().println("Message: " + Json.text(created, "message"));
            }
            return 0;
        }
    }
}
