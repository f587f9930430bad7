package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The seed's one-request embeddings commands ({@code cqrs_embedding_gen_svc/cli.py}): {@code health}, {@code start},
 * {@code stop} and {@code process}, each printing the service's answer as JSON indented by 2, as the seed did.
 */
final class EmbeddingsControlCommands {

    private EmbeddingsControlCommands() {}

    /** Sends one request and prints the answer; exit code 0, or {@link CliCommand#FAILED} when it is not a success. */
    abstract static class PrintAnswer extends CliCommand {
        @Mixin
        EmbeddingsOptions service;

        private final Function<EmbeddingsClient, JsonNode> request;

        PrintAnswer(Function<EmbeddingsClient, JsonNode> request) {
            this.request = request;
        }

        @Override
        final int execute() {
            try (EmbeddingsClient client = service.client()) {
                JsonNode answer = request.apply(client);
                out().println(Json.pretty(answer));
                return succeeded(answer) ? 0 : FAILED;
            }
        }

        boolean succeeded(JsonNode answer) {
            return true;
        }
    }

    /** {@code embeddings health}: {@code GET /health}; exit 0 only when the service is {@code healthy}. */
    @Command(
            name = "health",
            mixinStandardHelpOptions = true,
            description = "Show the embeddings service health; exit 0 only when it is healthy.")
    static final class Health extends PrintAnswer {
        Health() {
            super(EmbeddingsClient::health);
        }

        @Override
        boolean succeeded(JsonNode answer) {
            return "healthy".equals(answer.path("status").textValue());
        }
    }

    /** {@code embeddings start}: {@code POST /start}, the projection resumes embedding new messages. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the embedding processor.")
    static final class Start extends PrintAnswer {
        Start() {
            super(EmbeddingsClient::start);
        }
    }

    /** {@code embeddings stop}: {@code POST /stop}, the projection stops; search keeps working. */
    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop the embedding processor (search keeps working).")
    static final class Stop extends PrintAnswer {
        Stop() {
            super(EmbeddingsClient::stop);
        }
    }

    /** {@code embeddings process}: {@code POST /process-batch}, one batch of the backlog embedded now. */
    @Command(
            name = "process",
            mixinStandardHelpOptions = true,
            description = "Embed one batch of unprocessed messages now (POST /process-batch).")
    static final class Process extends PrintAnswer {
        Process() {
            super(EmbeddingsClient::processBatch);
        }
    }
}
