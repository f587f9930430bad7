package io.sluice.cli;

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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * {@code send-file FILE}: creates one message per non-blank line (stripped), up to {@value #MAX_IN_FLIGHT} requests
 * at a time. A failed line is reported and the rest are still sent; the exit code is 1 if any line failed. When the
 * service cannot be reached at all, sending stops at once.
 */
@Command(
        name = "send-file",
        mixinStandardHelpOptions = true,
        description = "Send each non-blank line of a file as one message.")
public final class SendFileCommand extends CliCommand {

    static final int MAX_IN_FLIGHT = 8;
    static final int FAILURES_SHOWN = 5;

    @Mixin
    ServiceOptions service;

    @Parameters(paramLabel = "FILE", description = "A UTF-8 text file, one message a line.")
    Path file;

    @Option(names = "--no-progress", description = "Do not draw a progress bar on stderr.")
    boolean noProgress;

    private record Line(int number, String text) {}

    private record Failure(int line, String reason) {}

    @Override
    int execute() {
        List<Line> lines = readLines(file);
        PrintWriter out = out();
        out.println("Sending " + lines.size() + " messages from " + file);
        out.flush();

        AtomicInteger sent = new AtomicInteger();
        Queue<Failure> failures = new ConcurrentLinkedQueue<>();
        AtomicReference<ServiceUnreachableException> unreachable = new AtomicReference<>();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        try (TextWriterClient client = service.client();
                ProgressBar progress = progressBar(lines.size());
                ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Line line : lines) {
                inFlight.acquire();
                if (unreachable.get() != null) {
                    break;
                }
                executor.execute(() -> {
                    try {
                        client.create(line.text(), null);
                        sent.incrementAndGet();
                    } catch (ServiceUnreachableException e) {
                        unreachable.compareAndSet(null, e);
                    } catch (CliException e) {
                        failures.add(new Failure(line.number(), e.getMessage()));
                    } finally {
                        progress.step();
                        inFlight.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            throw interrupted(e);
        }

        reportFailures(new ArrayList<>(failures));
        int failed = lines.size() - sent.get();
        out.println("Sent " + sent.get() + " of " + lines.size() + " messages, " + failed + " failed");
        out.flush();
        if (unreachable.get() != null) {
            throw unreachable.get();
        }
        return failed == 0 ? 0 : FAILED;
    }

    private static List<Line> readLines(Path file) {
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
            if (!text.isEmpty()) {
                lines.add(new Line(i + 1, text));
            }
        }
        return lines;
    }

    private ProgressBar progressBar(int total) {
        ProgressBarConsumer consumer = noProgress || total == 0
                ? new DelegatingProgressBarConsumer(rendered -> {}, 80)
                : new WriterProgressConsumer(err(), WriterProgressConsumer.terminalWidth());
        return new ProgressBarBuilder()
                .setTaskName("Sending messages")
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
