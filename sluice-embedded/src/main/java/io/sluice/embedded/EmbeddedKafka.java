package io.sluice.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process, single-node Kafka cluster in KRaft mode: one combined broker and controller on 127.0.0.1.
 *
 * <p>This is the only class that touches the broker's Scala internals ({@code kafka.server.KafkaRaftServer},
 * {@code KafkaConfig}); they are not a stable API, so the Kafka version is pinned in the root POM.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Ports are fixed when the instance is built (0 picks a free port then), so {@link #bootstrapServers()} is
 *       known before {@link #start()} and stays the same across restarts.
 *   <li>{@link #start()} formats the data directory only when it holds no {@code meta.properties}; a later start on
 *       the same directory keeps every topic and record. It returns once the broker answers an Admin {@code
 *       describeCluster}.
 *   <li>{@link #stop()} shuts the node down and waits for it; {@code start()} may be called again afterwards.
 *   <li>Internal topics use replication factor and min ISR 1, {@code num.partitions=1}, topics are auto-created,
 *       and the log cleaner's buffers are shrunk (4 MiB dedupe instead of 128 MiB of heap).
 *   <li>Lifecycle methods are synchronized; {@link #createTopic} may be called from any thread while running.
 *   <li>A fatal broker error halts the JVM, as in a real broker ({@code StandardFaultHandlerFactory}).
 * </ul>
 *
 * <p>Start times measured on the shared 2-core build machine (JDK 25, Kafka 4.3.1): first start in a JVM (format,
 * Scala/Kafka class loading, startup, describeCluster) 1.9-4.0 s; restart on existing storage 0.3-0.9 s; a second
 * broker formatted in a JVM that already loaded the classes 0.3 s. Stopping takes 0.2-3 s.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDirectory;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> overrides;
    /** SASL/PLAIN listener port, or -1 for none. */
    private final int saslPort;

    private final Map<String, String> saslUsers;
    private KafkaRaftServer server;

    private EmbeddedKafka(Builder builder) {
        this.dataDirectory = Objects.requireNonNull(builder.dataDirectory, "dataDirectory is required")
                .toAbsolutePath();
        this.brokerPort = FreePort.orPick(builder.brokerPort);
        this.controllerPort = FreePort.orPick(builder.controllerPort);
        if (brokerPort == controllerPort) {
            throw new IllegalArgumentException("broker and controller ports must differ, both are " + brokerPort);
        }
        this.overrides = Map.copyOf(builder.overrides);
        this.saslUsers = Map.copyOf(builder.saslUsers);
        this.saslPort = builder.saslPort < 0 ? -1 : FreePort.orPick(builder.saslPort);
        if (saslPort == brokerPort || saslPort == controllerPort) {
            throw new IllegalArgumentException("the SASL port must differ from the others, got " + saslPort);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats storage if needed, starts the node and waits until it answers. Does nothing when already running.
     *
     * @throws IllegalStateException if formatting, startup or the readiness check fails; the node is stopped then
     */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        long began = System.nanoTime();
        Map<String, String> props = brokerProperties();
        boolean formatted = formatIfNeeded(props.get("controller.listener.names"));
        KafkaRaftServer starting = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        try {
            starting.startup();
            awaitReady();
        } catch (RuntimeException e) {
            IllegalStateException failure = new IllegalStateException(
                    "Embedded Kafka failed to start on " + bootstrapServers() + " with data in " + dataDirectory
                            + " (is a port taken, or the directory used by another broker?)",
                    e);
            try {
                shutDown(starting);
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        server = starting;
        LOG.info(
                "Embedded Kafka up on {} in {} ms ({})",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
                formatted ? "storage formatted" : "existing storage");
    }

    /** Shuts the node down and waits for it to finish. Does nothing when not running. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        shutDown(stopping);
        LOG.info("Embedded Kafka on {} stopped", bootstrapServers());
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code "127.0.0.1:<broker port>"}; valid before start and across restarts. */
    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    /**
     * {@code "127.0.0.1:<SASL port>"}: the SASL_PLAINTEXT listener, where clients authenticate with mechanism
     * {@code PLAIN} as one of the users given to {@link Builder#saslPlainListener}.
     *
     * @throws IllegalStateException when the broker was built without one
     */
    public String saslBootstrapServers() {
        if (saslPort < 0) {
            throw new IllegalStateException("this broker has no SASL listener; build it with saslPlainListener");
        }
        return HOST + ":" + saslPort;
    }

    /**
     * The client properties that log in on {@link #saslBootstrapServers()} as {@code user}: {@code
     * security.protocol=SASL_PLAINTEXT}, {@code sasl.mechanism=PLAIN} and a {@code sasl.jaas.config}.
     */
    public static Map<String, String> saslPlainClientProperties(String user, String password) {
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Creates a topic with replication factor 1; an existing topic of that name is left as it is.
     *
     * @throws IllegalStateException if the broker rejects the request or does not answer within 30 s
     */
    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "Could not create topic '" + name + "' with " + partitions + " partitions on "
                                + bootstrapServers(),
                        e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Creating topic '" + name + "' timed out on " + bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic '" + name + "'", e);
        }
    }

    private Map<String, String> brokerProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        String sasl = saslPort < 0 ? "" : ",SASL_PLAINTEXT://" + HOST + ":" + saslPort;
        props.put(
                "listeners",
                "PLAINTEXT://" + HOST + ":" + brokerPort + sasl + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + sasl);
        props.put(
                "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT" + (sasl.isEmpty() ? "" : ",SASL_PLAINTEXT:SASL_PLAINTEXT"));
        if (saslPort >= 0) {
            props.put("sasl.enabled.mechanisms", "PLAIN");
            props.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", "PLAIN");
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            saslUsers.forEach((user, password) -> jaas.append(" user_")
                    .append(user)
                    .append("=\"")
                    .append(password)
                    .append('"'));
            props.put(
                    "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                    jaas.append(';').toString());
        }
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDirectory.toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner must run (__consumer_offsets is compacted), but its default 128 MiB dedupe buffer is on-heap.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        props.put("log.cleaner.io.buffer.size", String.valueOf(256 * 1024));
        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", "1");
        props.putAll(overrides);
        return props;
    }

    /** Formats the data directory unless an earlier run did; returns whether it formatted. */
    private boolean formatIfNeeded(String controllerListener) {
        if (Files.exists(dataDirectory.resolve("meta.properties"))) {
            return false;
        }
        try {
            Files.createDirectories(dataDirectory);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dataDirectory.toString()))
                    .setMetadataLogDirectory(dataDirectory.toString())
                    .setControllerListenerName(controllerListener)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
            return true;
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka storage in " + dataDirectory, e);
        }
    }

    private void awaitReady() {
        try (Admin admin = Admin.create(adminProperties())) {
            int nodes = admin.describeCluster()
                    .nodes()
                    .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .size();
            LOG.debug("Embedded Kafka on {} answers with {} node(s)", bootstrapServers(), nodes);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Broker did not answer describeCluster within " + READY_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker to answer", e);
        }
    }

    private Map<String, Object> adminProperties() {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) READY_TIMEOUT.toMillis());
    }

    private static void shutDown(KafkaRaftServer node) {
        node.shutdown();
        node.awaitShutdown();
    }

    /** Builds an {@link EmbeddedKafka}; only the data directory is required. Not thread-safe. */
    public static final class Builder {
        private Path dataDirectory;
        private int brokerPort;
        private int controllerPort;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private int saslPort = -1;
        private final Map<String, String> saslUsers = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Adds a {@code SASL_PLAINTEXT} listener (mechanism {@code PLAIN}) beside the PLAINTEXT one, where only these
         * users (name to password) may log in: for testing clients' SASL settings. 0 picks a free port.
         */
        public Builder saslPlainListener(int port, Map<String, String> users) {
            if (users.isEmpty()) {
                throw new IllegalArgumentException("a SASL listener needs at least one user");
            }
            this.saslPort = port;
            this.saslUsers.putAll(users);
            return this;
        }

        /** Where logs and metadata live; created if missing, reused (not reformatted) if already formatted. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** PLAINTEXT listener port, 9092 for instance; 0 (the default) picks a free port when built. */
        public Builder brokerPort(int port) {
            this.brokerPort = port;
            return this;
        }

        /** CONTROLLER listener port; 0 (the default) picks a free port when built. */
        public Builder controllerPort(int port) {
            this.controllerPort = port;
            return this;
        }

        /** Overrides or adds one broker config key, applied after the defaults listed on {@link EmbeddedKafka}. */
        public Builder brokerConfig(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public EmbeddedKafka build() {
            return new EmbeddedKafka(this);
        }
    }
}
