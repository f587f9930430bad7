package io.sluice.bench;

import io.sluice.core.kafka.Topics;
import io.sluice.db.DatabaseConfig;
import io.sluice.embedded.EmbeddedKafka;
import io.sluice.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker and PostgreSQL server a benchmark runs against: by default an embedded broker and an embedded
 * PostgreSQL of its own, on free ports with their data in a new temporary directory (never {@code ./data}, never the
 * ports {@code sluice up} uses), or external servers named by {@link ServerOptions}.
 *
 * <p>{@link #close()} stops the embedded servers and deletes the directory (unless kept), and drops the databases
 * it created on an external server. Not thread-safe; one per benchmark run.
 */
public final class BenchEnvironment implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BenchEnvironment.class);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private boolean keep;
    private final EmbeddedKafka kafka;
    private final EmbeddedPostgres postgres;
    private final String bootstrapServers;
    private final ServerOptions.ExternalPostgres externalPostgres;
    private final List<String> createdDatabases = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::stopAll, "sluice-bench-environment-stop");

    private BenchEnvironment(
            Path directory,
            boolean keep,
            EmbeddedKafka kafka,
            EmbeddedPostgres postgres,
            String bootstrapServers,
            ServerOptions.ExternalPostgres externalPostgres) {
        this.directory = directory;
        this.keep = keep;
        this.kafka = kafka;
        this.postgres = postgres;
        this.bootstrapServers = bootstrapServers;
        this.externalPostgres = externalPostgres;
        // Ctrl-C must not leave servers or a large scratch directory behind.
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts what is embedded (Kafka and PostgreSQL in parallel) and returns once both answer. */
    public static BenchEnvironment start(ServerOptions options) {
        Path dir = createDirectory();
        ServerOptions.ExternalPostgres external = options.externalPostgres();
        EmbeddedKafka kafka = options.bootstrapServers == null
                ? EmbeddedKafka.builder().dataDirectory(dir.resolve("kafka")).build()
                : null;
        EmbeddedPostgres postgres = external == null
                ? EmbeddedPostgres.builder()
                        .dataDirectory(dir.resolve("postgres"))
                        .durable(true)
                        .build()
                : null;
        BenchEnvironment env = new BenchEnvironment(
                dir,
                options.keepData,
                kafka,
                postgres,
                kafka != null ? kafka.bootstrapServers() : options.bootstrapServers,
                external);
        try {
            CompletableFuture.allOf(
                            CompletableFuture.runAsync(() -> {
                                if (kafka != null) {
                                    kafka.start();
                                }
                            }),
                            CompletableFuture.runAsync(() -> {
                                if (postgres != null) {
                                    postgres.start();
                                }
                            }))
                    .join();
            return env;
        } catch (CompletionException e) {
            env.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("sluice-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary directory for the benchmark", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The embedded broker, absent when Kafka is external. */
    public Optional<EmbeddedKafka> kafka() {
        return Optional.ofNullable(kafka);
    }

    /** The embedded PostgreSQL, absent when it is external. */
    public Optional<EmbeddedPostgres> postgres() {
        return Optional.ofNullable(postgres);
    }

    /** Keeps the scratch directory after {@link #close()}, for a post-mortem. */
    public void keepDirectory() {
        keep = true;
    }

    /** The scratch directory (embedded servers' data, logs of child processes, exported rows). */
    public Path directory() {
        return directory;
    }

    /**
     * A topic named {@code <prefix>-<random>} with its dead-letter topic, both with {@code partitions}; also readies
     * the group coordinator.
     */
    public String createTopic(String prefix, int partitions) {
        String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        boolean created =
                Topics.ensure(bootstrapServers, Map.of(topic, partitions, topic + ".dlq", partitions), TOPIC_TIMEOUT);
        if (!created) {
            throw new IllegalStateException("could not create topic " + topic + " on " + bootstrapServers);
        }
        GroupCoordinator.warmUp(bootstrapServers, TOPIC_TIMEOUT);
        return topic;
    }

    /** Creates an empty database named {@code <prefix>_<random>} and returns how to reach it (pool of 10). */
    public DatabaseConfig createDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        DatabaseConfig config = new DatabaseConfig(
                postgresHost(), postgresPort(), name, user(), password(), 10, Duration.ofSeconds(5), true);
        try (Connection c = DriverManager.getConnection(config.jdbcUrl("postgres"), user(), password());
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on " + describePostgres(), e);
        }
        createdDatabases.add(name);
        return config;
    }

    /** One line naming both servers, for reports. */
    public String describe() {
        return (kafka != null ? "embedded Kafka " : "external Kafka ") + bootstrapServers + ", " + describePostgres();
    }

    private String describePostgres() {
        return (postgres != null ? "embedded PostgreSQL " : "external PostgreSQL ") + postgresHost() + ":"
                + postgresPort();
    }

    private String postgresHost() {
        return postgres != null ? postgres.host() : externalPostgres.host();
    }

    private int postgresPort() {
        return postgres != null ? postgres.port() : externalPostgres.port();
    }

    private String user() {
        return postgres != null ? EmbeddedPostgres.USER : externalPostgres.user();
    }

    private String password() {
        return postgres != null ? "postgres" : externalPostgres.password();
    }

    /** Stops the embedded servers, drops databases created on an external server, deletes the directory. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down; the hook does the same work.
        }
        stopAll();
    }

    private void stopAll() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (postgres == null) {
            dropCreatedDatabases();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
        if (!keep) {
            deleteQuietly(directory);
        }
    }

    private void dropCreatedDatabases() {
        if (createdDatabases.isEmpty()) {
            return;
        }
        String url = "jdbc:postgresql://" + postgresHost() + ":" + postgresPort() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, user(), password());
                Statement st = c.createStatement()) {
            for (String name : createdDatabases) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            log.warn("could not drop the benchmark databases {}: {}", createdDatabases, e.getMessage());
        }
    }

    /** Deletes a directory tree, best effort (what is left stays in {@code java.io.tmpdir}). */
    public static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Left behind in java.io.tmpdir; nothing more to do.
        }
    }
}
