package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code embeddings health|status|start|stop|process|search|monitor|reindex}: the embeddings service (semantic search
 * over stored messages), with the seed's {@code cqrs_embedding_gen_svc/cli.py} commands. {@code status} and {@code
 * search} print a table by default and the seed's indented JSON with {@code --format json}.
 */
@Command(
        name = "embeddings",
        mixinStandardHelpOptions = true,
        description = "Embeddings service: health, status, start, stop, process, semantic search, monitor, reindex.",
        subcommands = {
            EmbeddingsControlCommands.Health.class,
            EmbeddingsCommand.Status.class,
            EmbeddingsControlCommands.Start.class,
            EmbeddingsControlCommands.Stop.class,
            EmbeddingsControlCommands.Process.class,
            EmbeddingsCommand.Search.class,
            EmbeddingsMonitorCommand.class,
            EmbeddingsCommand.Reindex.class
        })
public final class EmbeddingsCommand implements Runnable {

    @Mixin
    EmbeddingsOptions service;

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

    /** {@code embeddings status}: what the projection does, which model and store, counts and freshness. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the embeddings service status.")
    static final class Status extends CliCommand {
        @Mixin
        EmbeddingsOptions service;

        @Option(
                names = "--format",
                defaultValue = "table",
                description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Format format;

        @Override
        int execute() {
            try (EmbeddingsClient client = service.client()) {
                JsonNode s = client.status();
                PrintWriter out = out();
                if (format == Format.json) {
                    out.println(Json.pretty(s));
                    return 0;
                }
                out.println("Embeddings Service Status");
                out.println("=".repeat(40));
                out.println("Running: " + Json.text(s, "running") + " (" + Json.text(s, "status") + ")");
                out.println("Model: " + Json.text(s, "model_type") + " - " + Json.text(s, "model") + ", "
                        + Json.text(s, "dimension") + " dimensions");
                out.println("Store: " + Json.text(s, "store"));
                out.println("Processed: " + Json.text(s, "processed_count"));
                out.println("Failed: " + Json.text(s, "failed_count"));
                out.println("Backlog: " + Json.text(s, "backlog"));
                out.println("Last Processed: " + Json.text(s, "last_processed_timestamp"));
                out.println("Freshness: " + Json.text(s, "freshness_seconds") + " s");
                if (s.path("reindexing").asBoolean()) {
                    out.println("Reindexing: true");
                }
                if (!s.path("last_error").isNull() && !s.path("last_error").isMissingNode()) {
                    out.println("Last Error: " + Json.text(s, "last_error"));
                }
                return 0;
            }
        }
    }

    /** {@code embeddings search QUERY}: nearest messages by meaning, nearest first. */
    @Command(
            name = "search",
            mixinStandardHelpOptions = true,
            description = "Find the stored messages nearest in meaning to QUERY.")
    static final class Search extends CliCommand {
        static final int PREVIEW = 70;

        @Mixin
        EmbeddingsOptions service;

        @Parameters(index = "0", paramLabel = "QUERY", description = "What to search for.")
        String query;

        @Option(
                names = {"-l", "--limit"},
                defaultValue = "10",
                description = "How many results, 1 to 100 (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(
                names = "--format",
                defaultValue = "table",
                description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Format format;

        @Override
        int execute() {
            if (limit < 1 || limit > 100) {
                throw OneLineUsageErrors.badArgument(spec, "--limit must be between 1 and 100, got " + limit);
            }
            if (query.isBlank()) {
                throw OneLineUsageErrors.badArgument(spec, "QUERY must not be blank");
            }
            try (EmbeddingsClient client = service.client()) {
                JsonNode body = client.search(query, limit);
                PrintWriter out = out();
                if (format == Format.json) {
                    out.println(Json.pretty(body));
                    return 0;
                }
                JsonNode results = body.path("results");
                if (results.isEmpty()) {
                    out.println("No results for \"" + query + "\"");
                    return 0;
                }
                out.printf("%-3s %-8s %-36s %s%n", "#", "DISTANCE", "MESSAGE ID", "TEXT");
                int rank = 1;
                for (JsonNode r : results) {
                    out.printf(
                            "%-3d %-8.4f %-36s %s%n",
                            rank++,
                            r.path("distance").asDouble(),
                            Json.text(r, "text_message_id"),
                            preview(Json.text(r, "text_content")));
                }
                if (body.has("note")) {
                    out.println("Note: " + Json.text(body, "note"));
                }
                return 0;
            }
        }

        static String preview(String text) {
            String one = text.replaceAll("\\s+", " ");
            if (one.codePointCount(0, one.length()) <= PREVIEW) {
                return one;
            }
            return one.substring(0, one.offsetByCodePoints(0, PREVIEW)) + "...";
        }
    }

    /** {@code embeddings reindex}: rebuild the search index (and retry failed texts), or embed everything again. */
    @Command(
            name = "reindex",
            mixinStandardHelpOptions = true,
            description = "Rebuild the search index from the stored vectors and retry failed texts;"
                    + " with --reembed, embed every message again.")
    static final class Reindex extends CliCommand {
        @Mixin
        EmbeddingsOptions service;

        @Option(names = "--reembed", description = "Drop every embedding and embed all messages again.")
        boolean reembed;

        @Override
        int execute() {
            try (EmbeddingsClient client = service.client()) {
                out().println(Json.text(client.reindex(reembed), "message"));
                return 0;
            }
        }
    }
}
