package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code embeddings monitor [--interval 5] [--count N]}: the seed's {@code monitor}, a live line per interval until
 * Ctrl-C (or N lines): {@code [<time>] Running: <bool>, Last processed: <time>, Model: <provider>, Embedded: <n>,
 * Backlog: <n>, Freshness: <s> s, Rate: <n>/s, Failed: <n>}. Where the seed showed a {@code Last ID} and {@code
 * Model: Loaded} that its service never reported, this shows what the service does report, and the lag (backlog in
 * messages, freshness in seconds) and the embedding rate since the previous line. A service that cannot be reached at
 * the first request fails at once; later, a failed request prints one {@code Error:} line on stderr and monitoring
 * goes on (the service may be restarting).
 */
@Command(
        name = "monitor",
        mixinStandardHelpOptions = true,
        description = "Print a live status line per interval until Ctrl-C: running, embedded, backlog, rate.")
public final class EmbeddingsMonitorCommand extends CliCommand {

    @Mixin
    EmbeddingsOptions service;

    @Option(
            names = "--interval",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "Seconds between lines (default: ${DEFAULT-VALUE}).")
    int intervalSeconds;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N lines (default: until Ctrl-C).")
    Integer count;

    /** The clock of the line's time; tests replace it. */
    Clock clock = Clock.systemUTC();

    @Override
    int execute() {
        if (intervalSeconds < 1) {
            throw OneLineUsageErrors.badArgument(spec, "--interval must be at least 1 second, got " + intervalSeconds);
        }
        if (count != null && count < 1) {
            throw OneLineUsageErrors.badArgument(spec, "--count must be at least 1, got " + count);
        }
        PrintWriter out = out();
        try (EmbeddingsClient client = service.client()) {
            Sample previous = null;
            for (int line = 0; count == null || line < count; line++) {
                if (line > 0) {
                    sleep(Duration.ofSeconds(intervalSeconds));
                }
                String time = "[" + clock.instant().truncatedTo(ChronoUnit.SECONDS) + "] ";
                try {
                    JsonNode status = client.status();
                    Sample sample = new Sample(
                            System.nanoTime(), status.path("processed_count").asLong());
                    out.println(time + describe(status, previous == null ? null : sample.rate(previous)));
                    previous = sample;
                } catch (CliException e) {
                    if (line == 0) {
                        throw e;
                    }
                    err().println(time + "Error: " + e.getMessage());
                    err().flush();
                }
                out.flush();
            }
        }
        return 0;
    }

    /** One line's text after the time; {@code rate} in messages per second, null on the first line. */
    static String describe(JsonNode status, Double rate) {
        return "Running: " + status.path("running").asBoolean()
                + ", Last processed: " + Json.text(status, "last_processed_timestamp")
                + ", Model: " + Json.text(status, "model_type")
                + ", Embedded: " + Json.text(status, "processed_count")
                + ", Backlog: " + Json.text(status, "backlog")
                + ", Freshness: " + Json.text(status, "freshness_seconds") + " s"
                + ", Rate: " + (rate == null ? "-" : String.format(Locale.ROOT, "%.1f", rate)) + "/s"
                + ", Failed: " + Json.text(status, "failed_count");
    }

    private record Sample(long nanos, long embedded) {
        /** Embeddings per second since {@code earlier}; 0 when the count went down (a re-embed starts over). */
        double rate(Sample earlier) {
            double seconds = (nanos - earlier.nanos) / 1e9;
            return seconds <= 0 ? 0 : Math.max(0, embedded - earlier.embedded) / seconds;
        }
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }
}
