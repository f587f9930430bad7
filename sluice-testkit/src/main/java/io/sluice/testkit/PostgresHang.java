package io.sluice.testkit;

import io.sluice.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A hung PostgreSQL for outage tests: {@link #of} stops the server's processes with {@code SIGSTOP} (the postmaster,
 * whose pid is the first line of {@code postmaster.pid} in the data directory, and every backend under it), so
 * connections stay open and nothing answers — what a frozen host or a stuck disk looks like to a client, unlike a
 * stopped server, which refuses. {@link #close} sends {@code SIGCONT}. Only on a {@link Postgres#dedicated} server,
 * never the shared one. Unix only ({@code kill}). Not thread-safe.
 *
 * <pre>{@code
 * try (PostgresHang hang = PostgresHang.of(pg)) {
 *     assertThat(api.get("/messages").statusCode()).isEqualTo(503);
 * }
 * }</pre>
 */
public final class PostgresHang implements AutoCloseable {
    private final List<Long> pids;
    private boolean resumed;

    private PostgresHang(List<Long> pids) {
        this.pids = pids;
    }

    /** Stops every process of the running server {@code pg}; throws {@link IllegalStateException} if it cannot. */
    public static PostgresHang of(EmbeddedPostgres pg) {
        Path pidFile = pg.dataDirectory().resolve("postmaster.pid");
        long postmaster;
        try {
            postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidFile + ": is the server running?", e);
        }
        ProcessHandle server = ProcessHandle.of(postmaster)
                .orElseThrow(() -> new IllegalStateException("PostgreSQL pid " + postmaster + " is not running"));
        // The postmaster first: once it is stopped it forks no new backend, so a connection a pool opens meanwhile
        // cannot slip past the list of backends (it did, once: a lookup answered while the test thought PG hung).
        List<Long> pids = new ArrayList<>(List.of(postmaster));
        signal("-STOP", pids, true);
        List<Long> backends = server.descendants().map(ProcessHandle::pid).toList();
        if (!backends.isEmpty()) {
            signal("-STOP", backends, false); // one may have exited since the listing
            pids.addAll(backends);
        }
        return new PostgresHang(pids);
    }

    /** Resumes the server ({@code SIGCONT}); idempotent. */
    @Override
    public void close() {
        if (!resumed) {
            resumed = true;
            signal("-CONT", pids, false); // a backend may have gone meanwhile; the rest still resume
        }
    }

    private static void signal(String signal, List<Long> pids, boolean strict) {
        List<String> cmd = new ArrayList<>(List.of("kill", signal));
        pids.forEach(p -> cmd.add(Long.toString(p)));
        try {
            Process kill = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || (strict && kill.exitValue() != 0)) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: "
                        + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", cmd) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + signal, e);
        }
    }
}
