package io.sluice.bench.inventory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * dynalite (a DynamoDB-API server on LevelDB, from npm; DynamoDB Local may not be used) as a child process for the
 * benchmark's {@code --store dynamodb}: {@code node <dir>/node_modules/dynalite/cli.js} on a free port, its tables on
 * disk in the scratch directory. Found as the testkit finds it: the system property {@code sluice.dynalite.dir}, the
 * environment variable {@code SLUICE_DYNALITE_DIR}, else {@code .cache/dynalite} in the working directory or a parent
 * ({@code scripts/install-dynalite.sh} installs it there). Also used by {@code bench search}. Not thread-safe.
 */
public final class DynaliteProcess implements AutoCloseable {
    public static final String INSTALL_HINT = "run scripts/install-dynalite.sh (needs Node.js 20+ and npm)";

    private final Process process;
    private final int port;

    private DynaliteProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Where dynalite's {@code cli.js} is, if installed. */
    public static Optional<Path> find() {
        String configured = System.getProperty("sluice.dynalite.dir", System.getenv("SLUICE_DYNALITE_DIR"));
        if (configured != null) {
            return cli(Path.of(configured));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Optional<Path> cli = cli(dir.resolve(".cache").resolve("dynalite"));
            if (cli.isPresent()) {
                return cli;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> cli(Path dir) {
        Path cli = dir.resolve("node_modules").resolve("dynalite").resolve("cli.js");
        return Files.isRegularFile(cli) ? Optional.of(cli) : Optional.empty();
    }

    /** Starts it with its tables in {@code dataDir}, and waits up to 20 s until it listens. */
    public static DynaliteProcess start(Path cli, Path dataDir) {
        int port = freePort();
        List<String> command = List.of(
                "node",
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
                "0",
                "--path",
                dataDir.toAbsolutePath().toString());
        Process p;
        try {
            Files.createDirectories(dataDir);
            p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolveSibling("dynalite.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not start dynalite (" + String.join(" ", command) + "); " + INSTALL_HINT, e);
        }
        DynaliteProcess dynalite = new DynaliteProcess(p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("dynalite exited at start with status " + p.exitValue() + "; see "
                        + dataDir.resolveSibling("dynalite.log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return dynalite;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    dynalite.close();
                    throw new IllegalStateException("interrupted while dynalite started", interrupted);
                }
            }
        }
        dynalite.close();
        throw new IllegalStateException("dynalite did not listen on port " + port + " within 20 s");
    }

    /** The keys that point the services at it (the shared {@code aws.*} keys; any credentials are accepted). */
    public Map<String, String> settings() {
        return Map.of(
                "aws.endpoint_url_dynamodb", "http://127.0.0.1:" + port,
                "aws.region", "us-east-1",
                "aws.access_key_id", "dynalite",
                "aws.secret_access_key", "dynalite");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
