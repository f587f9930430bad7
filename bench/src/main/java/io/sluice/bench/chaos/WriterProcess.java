package io.sluice.bench.chaos;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The text writer as a child process: {@code java -cp <this JVM's class path> io.sluice.core.service.ServiceMain
 * text-writer key=value ...}, its output in a log file. {@link #kill()} is SIGKILL ({@link Process#destroyForcibly()} on Linux),
 * {@link #stop} is SIGTERM, which the writer answers by storing its batch in hand and exiting.
 */
final class WriterProcess {
    private static final String MAIN = "io.sluice.core.service.ServiceMain";

    private final int incarnation;
    private final Process process;
    private final Path log;

    private WriterProcess(int incarnation, Process process, Path log) {
        this.incarnation = incarnation;
        this.process = process;
        this.log = log;
    }

    static WriterProcess start(int incarnation, Map<String, String> settings, Path logDirectory) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN);
        command.add("text-writer");
        settings.forEach((k, v) -> command.add(k + "=" + v));
        Path log = logDirectory.resolve("writer-" + incarnation + ".log");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return new WriterProcess(incarnation, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the text writer: " + String.join(" ", command), e);
        }
    }

    int incarnation() {
        return incarnation;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, once it exited. */
    int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGTERM, and waits up to {@code grace} for a clean exit (SIGKILL after that).
     *
     * @return the exit code, or -1 if it had to be killed
     */
    int stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        kill();
        return -1;
    }
}
