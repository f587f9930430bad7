package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One dynalite process (a DynamoDB-API server on LevelDB, from npm; DynamoDB Local may not be used): {@code node
 * <repo>/.cache/dynalite/node_modules/dynalite/cli.js --port <free>} on 127.0.0.1, tables created and deleted at
 * once (no CREATING state). In memory, or on disk when given a directory (data then survives {@link #stop()} and
 * {@link #start()}, which is how tests simulate an outage). Any request signature is accepted.
 *
 * <p>Installed by {@code scripts/install-dynalite.sh} (CI runs it). The directory is found from the system
 * property {@code sluice.dynalite.dir} or the environment variable {@code SLUICE_DYNALITE_DIR} (the directory that
 * holds {@code node_modules/dynalite}), else {@code .cache/dynalite} in the working directory or one of its
 * parents. When Node.js or dynalite is missing, {@link #start()} fails saying to run the script: the DynamoDB
 * tests never skip silently.
 *
 * <p>Lifecycle methods are synchronized. The process is destroyed by {@link #stop()} or, at the latest, when the
 * JVM exits.
 */
public final class DynaliteServer implements AutoCloseable {
    static final String INSTALL_HINT =
            "run scripts/install-dynalite.sh from the repository root (needs Node.js 20+" + " and npm; CI runs it)";
    private static final long START_TIMEOUT_MS = 20_000;

    private final int port;
    private final Optional<Path> dataDirectory;
    private Process process;
    private Path log;

    private DynaliteServer(int port, Optional<Path> dataDirectory) {
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /** An in-memory server on a free port, not started. */
    public static DynaliteServer inMemory() {
        return new DynaliteServer(freePort(), Optional.empty());
    }

    /** A server keeping its tables in {@code dataDirectory} (LevelDB), on a free port, not started. */
    public static DynaliteServer onDisk(Path dataDirectory) {
        return new DynaliteServer(freePort(), Optional.of(dataDirectory));
    }

    /**
     * Starts the process and waits until it accepts connections. Does nothing when running.
     *
     * @throws IllegalStateException if Node.js or dynalite is missing (naming the install script) or the process
     *     does not come up
     */
    public synchronized void start() {
        if (process != null) {
            return;
        }
        Path cli = cli();
        List<String> command = new ArrayList<>(List.of(
                node(),
                cli.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--createTableMs",
                "0",
                "--deleteTableMs",
                "0",
                "--updateTableMs",
                "0"));
        dataDirectory.ifPresent(dir -> {
            command.add("--path");
            command.add(dir.toAbsolutePath().toString());
        });
        try {
            log = Files.createTempFile("sluice-dynalite-", ".log");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Could not start dynalite (" + String.join(" ", command) + "); " + INSTALL_HINT, e);
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "testkit-dynalite-" + port));
        awaitListening();
    }

    /** Stops the process and waits for it to exit. Does nothing when not running. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** {@code http://127.0.0.1:<port>}, the DynamoDB endpoint override. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = readLog();
                int status = process.exitValue();
                process = null;
                throw new IllegalStateException(
                        "dynalite exited at start with status " + status + "; output: " + output + "; " + INSTALL_HINT);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    stop();
                    throw new IllegalStateException("Interrupted while dynalite started", interrupted);
                }
            }
        }
        stop();
        throw new IllegalStateException("dynalite did not listen on port " + port + " within " + START_TIMEOUT_MS
                + " ms; output: " + readLog());
    }

    private String readLog() {
        try {
            return log == null ? "" : Files.readString(log).strip();
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * {@code <dir>/node_modules/dynalite/cli.js}; when it is missing and the repository's
     * {@code scripts/install-dynalite.sh} is found above the working directory, that script runs once (npm, a second
     * or two) so that a plain {@code ./mvnw verify} works on a machine with Node.js; else an exception naming where
     * it looked and the script.
     */
    static synchronized Path cli() {
        try {
            return installedCli();
        } catch (IllegalStateException missing) {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path script = dir.resolve("scripts/install-dynalite.sh");
                if (Files.isRegularFile(script) && System.getProperty("sluice.dynalite.dir") == null) {
                    runInstaller(script);
                    return installedCli();
                }
            }
            throw missing;
        }
    }

    private static void runInstaller(Path script) {
        try {
            Process p = new ProcessBuilder("bash", script.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }

    private static Path installedCli() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("sluice.dynalite.dir", System.getenv("SLUICE_DYNALITE_DIR"));
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        } else {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                candidates.add(dir.resolve(".cache/dynalite"));
            }
        }
        for (Path candidate : candidates) {
            Path cli = candidate.resolve("node_modules/dynalite/cli.js");
            if (Files.isRegularFile(cli)) {
                return cli;
            }
        }
        throw new IllegalStateException("dynalite is not installed (looked for node_modules/dynalite/cli.js in "
                + candidates + "): " + INSTALL_HINT);
    }

    private static String node() {
        try {
            Process check = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            check.getInputStream().readAllBytes();
            if (check.waitFor() == 0) {
                return "node";
            }
        } catch (IOException e) {
            // Reported below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("Node.js (`node`) is not on the PATH, so dynalite cannot run: " + INSTALL_HINT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free TCP port on the loopback interface", e);
        }
    }
}
