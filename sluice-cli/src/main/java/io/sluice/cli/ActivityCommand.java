package io.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code activity send|send-file}: activity events into the ingestion API ({@code --url} here is its URL); {@code activity
 * user|stats}: the processor's aggregates ({@link ActivityUserCommand}, {@link ActivityStatsCommand}).
 */
@Command(
        name = "activity",
        mixinStandardHelpOptions = true,
        description =
                "Activity events: send one, or a file of them, to the ingestion API; a user's activity and events per"
                        + " minute from the processor (their own --url, default " + ActivityProcessorOptions.DEFAULT_URL
                        + ").",
        subcommands = {
            ActivityCommand.Send.class,
            ActivitySendFileCommand.class,
            ActivityUserCommand.class,
            ActivityStatsCommand.class
        })
public final class ActivityCommand implements Runnable {

    @Mixin
    ActivityIngestOptions ingest;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code activity send --type T --user U [--session S] [--page URL] [--data JSON] [--event-id ID]}. */
    @Command(name = "send", mixinStandardHelpOptions = true, description = "Send one activity event.")
    static final class Send extends CliCommand {
        @Mixin
        ActivityIngestOptions ingest;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "event_type, e.g. page_view.")
        String type;

        @Option(names = "--user", required = true, paramLabel = "USER", description = "user_id.")
        String user;

        @Option(names = "--session", paramLabel = "SESSION", description = "session_id.")
        String session;

        @Option(names = "--page", paramLabel = "URL", description = "page_url.")
        String page;

        @Option(names = "--data", paramLabel = "JSON", description = "event_data: a JSON object.")
        String data;

        @Option(
                names = "--event-id",
                paramLabel = "ID",
                description = "event_id, the idempotency key (default: one the service makes).")
        String eventId;

        @Override
        int execute() {
            ObjectNode event = Json.MAPPER.createObjectNode();
            event.put("event_type", type);
            event.put("user_id", user);
            if (session != null) {
                event.put("session_id", session);
            }
            if (page != null) {
                event.put("page_url", page);
            }
            if (data != null) {
                event.set("event_data", object(data));
            }
            if (eventId != null) {
                event.put("event_id", eventId);
            }
            try (ActivityIngestClient client = ingest.client()) {
                JsonNode answer = client.send(event);
                out().println("Accepted event " + Json.text(answer, "event_id") + " (request "
                        + Json.text(answer, "request_id") + ")");
                return 0;
            }
        }

        private static JsonNode object(String json) {
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                throw new CliException("--data must be a JSON object: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw new CliException("--data must be a JSON object, got '" + json + "'");
            }
            return node;
        }
    }
}
