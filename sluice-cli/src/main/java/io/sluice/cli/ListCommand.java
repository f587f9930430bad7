package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code list}: one page of stored messages, newest first, as a table or as the raw JSON page. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List stored messages, newest first.")
public final class ListCommand extends CliCommand {

    static final String RULE = "-".repeat(80);
    static final int PREVIEW_LENGTH = 100;

    enum Format {
        table,
        json
    }

    @Mixin
    ServiceOptions service;

    @Option(
            names = {"-l", "--limit"},
            defaultValue = "10",
            description = "How many messages to show (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
            names = {"-o", "--offset"},
            defaultValue = "0",
            description = "How many of the newest messages to skip (default: ${DEFAULT-VALUE}).")
    int offset;

    @Option(
            names = "--format",
            defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    int execute() {
        if (limit < 1) {
            throw new CliException("--limit must be at least 1, got " + limit);
        }
        if (offset < 0) {
            throw new CliException("--offset must not be negative, got " + offset);
        }
        try (TextWriterClient client = service.client()) {
            JsonNode page = client.messages(limit, offset);
            if (format == Format.json) {
                out().println(Json.pretty(page));
            } else {
                printTable(page, out());
            }
            return 0;
        }
    }

    private void printTable(JsonNode page, PrintWriter out) {
        JsonNode messages = page.path("messages");
        if (messages.isEmpty()) {
            out.println("No messages at offset " + offset + " (total " + Json.text(page, "total") + ")");
            return;
        }
        out.println("Messages " + (offset + 1) + "-" + (offset + messages.size()) + " of " + Json.text(page, "total"));
        out.println(RULE);
        for (JsonNode message : messages) {
            out.println("ID: " + Json.text(message, "id"));
            out.println("Message: " + preview(Json.text(message, "message")));
            out.println("Created: " + Json.text(message, "created_at"));
            out.println("Processed: " + Json.text(message, "processed_at"));
            out.println(RULE);
        }
    }

    /** The first 100 characters (code points, so no emoji is cut in half), with {@code ...} if there was more. */
    static String preview(String text) {
        if (text.codePointCount(0, text.length()) <= PREVIEW_LENGTH) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, PREVIEW_LENGTH)) + "...";
    }
}
