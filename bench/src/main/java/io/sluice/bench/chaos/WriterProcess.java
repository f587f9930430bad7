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
 * A service as a child process (the text writer, or any registered service): {@code java -cp <this JVM's class path>
 * io.sluice.core.service.ServiceMain <service> key=value ...}, its output in a log file. {@link #kill()} is SIGKILL ({@link Process#destroyForcibly()} on Linux),
 * {@link #stop} is SIGTERM, which the writer answers by storing its batch in hand and exiting.
 */
public final class WriterProcess {
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
        return start("text-writer", incarnation, settings, logDirectory, null);
    }

    /**
     * Starts {@code service} with {@code settings}, its output in {@code <logDirectory>/<service>-<incarnation>.log}.
     *
     * @param workingDirectory its working directory (where {@code ./data} is), or null for this process's
     */
    public static WriterProcess start(
            String service, int incarnation, Map<String, String> settings, Path logDirectory, Path workingDirectory) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN);
        command.add(service);
        settings.forEach((k, v) -> command.add(k + "=" + v));
        Path log =
                logDirectory.resolve((service.equals("text-writer") ? "writer" : service) + "-" + incarnation + ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            Process p = builder.redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return new WriterProcess(incarnation, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + service + ": " + String.join(" ", command), e);
        }
    }

    public int incarnation() {
        return incarnation;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, once it exited. */
    public int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGTERM, and waits up to {@code grace} for a clean exit (SIGKILL after that).
     *
     * @return the exit code, or -1 if it had to be killed
     */
    public int stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        kill();
        return -1;
    }
}
