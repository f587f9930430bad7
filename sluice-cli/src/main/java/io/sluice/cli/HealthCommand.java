package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code health}: prints the service's health JSON; exits 0 only when its status is {@code healthy}. */
@Command(
        name = "health",
        mixinStandardHelpOptions = true,
        description = "Show the Text Writer service health; exit 0 only when it is healthy.")
public final class HealthCommand extends CliCommand {

    @Mixin
    ServiceOptions service;

    @Override
    int execute() {
        try (TextWriterClient client = service.client()) {
            JsonNode health = client.health();
            out().println(Json.pretty(health));
            return "healthy".equals(health.path("status").textValue()) ? 0 : FAILED;
        }
    }
}
