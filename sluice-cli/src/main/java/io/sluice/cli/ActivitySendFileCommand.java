package io.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code activity send-file FILE}: sends an NDJSON file (one event object a line; blank lines skipped) in batches
 * of {@value #BATCH} to {@code POST /events/batch}, one batch at a time so that a user's events arrive in the file's
 * order. A line without an {@code event_id} gets one here, so that a batch retried after a 503 (the service's
 * buffers full; it waits {@code Retry-After}, at most {@value #ATTEMPTS} attempts) is not stored twice. A line that is
 * not a JSON object, or an event the service rejects, is reported and the rest are still sent; the exit code is 1 if
 * any line failed.
 */
@Command(
        name = "send-file",
        mixinStandardHelpOptions = true,
        description = "Send an NDJSON file of activity events (one JSON object a line), in batches.")
public final class ActivitySendFileCommand extends CliCommand {
    static final int BATCH = 500;
    static final int ATTEMPTS = 5;
    static final int FAILURES_SHOWN = 5;

    @Mixin
    ActivityIngestOptions ingest;

    @Parameters(paramLabel = "FILE", description = "A UTF-8 NDJSON file, one event object a line.")
    Path file;

    @Option(names = "--no-progress", description = "Do not draw a progress bar on stderr.")
    boolean noProgress;

    private record Line(int number, ObjectNode event) {}

    private record Failure(int line, String reason) {}

    @Override
    int execute() {
        List<Failure> failures = new ArrayList<>();
        List<Line> lines = readLines(file, failures);
        int total = lines.size() + failures.size();
        PrintWriter out = out();
        out.println("Sending " + total + " events from " + file);
        out.flush();
        int sent = 0;
        try (ActivityIngestClient client = ingest.client();
                ProgressBar progress = progressBar(total)) {
            progress.stepBy(failures.size());
            for (int from = 0; from < lines.size(); from += BATCH) {
                List<Line> batch = lines.subList(from, Math.min(lines.size(), from + BATCH));
                sent += sendBatch(client, batch, failures);
                progress.stepBy(batch.size());
            }
        }
        reportFailures(failures);
        out.println("Sent " + sent + " of " + total + " events, " + (total - sent) + " failed");
        out.flush();
        return sent == total ? 0 : FAILED;
    }

    /** Sends one batch, retrying after a 503; returns how many were accepted and records the rest as failures. */
    private int sendBatch(ActivityIngestClient client, List<Line> batch, List<Failure> failures) {
        ArrayNode events = Json.MAPPER.createArrayNode();
        batch.forEach(l -> events.add(l.event()));
        JsonHttpClient.Response response = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            response = client.sendBatch(events);
            if (response.status() != 503) {
                break;
            }
            if (attempt < ATTEMPTS) {
                sleepSeconds(response.json().path("retry_after_s").asInt(1));
            }
        }
        int accepted = 0;
        JsonNode results = response.json().path("results");
        for (int i = 0; i < batch.size(); i++) {
            JsonNode r = results.path(i);
            if (r.path("status").asText().equals("accepted")) {
                accepted++;
            } else {
                String error = r.path("error").isTextual() ? r.path("error").textValue() : "HTTP " + response.status();
                failures.add(new Failure(batch.get(i).number(), r.path("status").asText("failed") + ": " + error));
            }
        }
        return accepted;
    }

    private static void sleepSeconds(int seconds) {
        try {
            Thread.sleep(Math.min(30, Math.max(1, seconds)) * 1000L);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    /** The file's events; a non-blank line that is not a JSON object is recorded as a failure. */
    private static List<Line> readLines(Path file, List<Failure> failures) {
        List<String> raw;
        try {
            raw = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("cannot read " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CliException("cannot read " + file + ": permission denied");
        } catch (CharacterCodingException e) {
            throw new CliException("cannot read " + file + ": not UTF-8 text");
        } catch (IOException e) {
            String reason = Files.isDirectory(file) ? "it is a directory" : String.valueOf(e.getMessage());
            throw new CliException("cannot read " + file + ": " + reason, e);
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String text = raw.get(i).strip();
            if (text.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                failures.add(new Failure(i + 1, "not JSON: " + e.getOriginalMessage()));
                continue;
            }
            if (node == null || !node.isObject()) {
                failures.add(new Failure(i + 1, "not a JSON object"));
                continue;
            }
            ObjectNode event = (ObjectNode) node;
            if (!event.hasNonNull("event_id")) {
                event.put("event_id", UUID.randomUUID().toString());
            }
            lines.add(new Line(i + 1, event));
        }
        return lines;
    }

    private ProgressBar progressBar(int total) {
        ProgressBarConsumer consumer = noProgress || total == 0
                ? new DelegatingProgressBarConsumer(rendered -> {}, 80)
                : new WriterProgressConsumer(err(), WriterProgressConsumer.terminalWidth());
        return new ProgressBarBuilder()
                .setTaskName("Sending events")
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(consumer)
                .build();
    }

    private void reportFailures(List<Failure> failures) {
        failures.sort(Comparator.comparingInt(Failure::line));
        PrintWriter err = err();
        failures.stream()
                .limit(FAILURES_SHOWN)
                .forEach(f -> err.println("Line " + f.line() + " failed: " + f.reason()));
        if (failures.size() > FAILURES_SHOWN) {
            err.println("... and " + (failures.size() - FAILURES_SHOWN) + " more failed lines");
        }
        err.flush();
    }
}
