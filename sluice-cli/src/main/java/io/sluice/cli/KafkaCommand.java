package io.sluice.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code kafka}: the group of Kafka operator commands: {@code topics}, {@code produce}, {@code consume}, and the
 * seed's {@code kafka_cli.py} commands beside them ({@code create-topic}, {@code delete-topic}, {@code list-topics},
 * {@code write}, {@code read}). Owns the {@code --bootstrap-servers} option, inherited by the subcommands so it may be
 * given before or after them, the short client timeouts that make an unreachable broker fail in seconds with one clear
 * line, and the clients the subcommands share.
 */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        description = "Manage topics, produce and consume records on a Kafka broker.",
        subcommands = {
            KafkaTopicsCommand.class,
            KafkaProduceCommand.class,
            KafkaConsumeCommand.class,
            KafkaCreateTopicCommand.class,
            KafkaDeleteTopicCommand.class,
            KafkaListTopicsCommand.class,
            KafkaWriteCommand.class,
            KafkaReadCommand.class
        })
public final class KafkaCommand implements Runnable {

    /** Kafka's rule for topic names (org.apache.kafka.common.internals.Topic, not a public API). */
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    @Spec
    CommandSpec spec;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka brokers to connect to (default: $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092).")
    String bootstrapServers;

    @Option(
            names = "--command-config",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "Kafka client properties file (security.protocol, sasl.*, ssl.*), as Kafka's own tools take;"
                    + " without it, $KAFKA_SECURITY_PROTOCOL, $KAFKA_SASL_MECHANISM, $KAFKA_SASL_JAAS_CONFIG,"
                    + " $KAFKA_SSL_TRUSTSTORE_LOCATION and $KAFKA_SSL_TRUSTSTORE_PASSWORD, as the services read them.")
    Path commandConfig;

    /** The environment the security variables are read from; tests replace it. */
    Map<String, String> environment = System.getenv();

    /** The variables the services read too (io.sluice.core.kafka.KafkaSecurity.ENVIRONMENT), and their properties. */
    static final Map<String, String> SECURITY_ENVIRONMENT = Map.of(
            "KAFKA_SECURITY_PROTOCOL", "security.protocol",
            "KAFKA_SASL_MECHANISM", "sasl.mechanism",
            "KAFKA_SASL_JAAS_CONFIG", "sasl.jaas.config",
            "KAFKA_SSL_TRUSTSTORE_LOCATION", "ssl.truststore.location",
            "KAFKA_SSL_TRUSTSTORE_PASSWORD", "ssl.truststore.password");

    /** How long any one Kafka call may take before the broker is reported unreachable. */
    Duration apiTimeout = Duration.ofSeconds(10);

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "Missing subcommand: topics, produce, consume, create-topic, delete-topic, list-topics, write or read");
    }

    /** Refuses a name Kafka would refuse, before any connection is made: a bad argument (exit code 2). */
    static void requireTopicName(CommandSpec command, String topic) {
        if (!TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw OneLineUsageErrors.badArgument(
                    command,
                    "invalid topic name '" + topic + "': use 1 to 249 of the characters a-z A-Z 0-9 . _ -"
                            + " (and not '.' or '..')");
        }
    }

    /** One request of an admin client, as {@link #withAdmin} runs it. */
    @FunctionalInterface
    interface AdminCall<T> {
        T call(Admin admin, int timeoutMs) throws ExecutionException, InterruptedException;
    }

    /**
     * Runs {@code call} on a new admin client and closes it. A failure becomes one line: {@code explain}'s, when it
     * knows the broker's error (it returns null otherwise), else {@link #failure}'s for {@code action}.
     */
    <T> T withAdmin(String action, AdminCall<T> call, Function<Throwable, String> explain) {
        Admin admin;
        try {
            admin = Admin.create(clientConfig());
        } catch (KafkaException e) {
            throw invalidConfig(e);
        }
        try {
            return call.call(admin, Math.toIntExact(apiTimeout.toMillis()));
        } catch (ExecutionException | KafkaException e) {
            String known = explain.apply(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
            throw known != null ? new CliException(known, e) : failure(action, e);
        } catch (InterruptedException e) {
            throw CliCommand.interrupted(e);
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
    }

    /** A new producer with {@code acks=all} that sends at once and gives up after the API timeout. */
    Producer<byte[], byte[]> producer() {
        Map<String, Object> config = clientConfig();
        int timeoutMs = Math.toIntExact(apiTimeout.toMillis());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        try {
            return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            throw invalidConfig(e);
        }
    }

    /** A new consumer that never commits by itself nor creates topics, with {@code overrides} on top. */
    Consumer<byte[], byte[]> consumer(Map<String, Object> overrides) {
        Map<String, Object> config = clientConfig();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.putAll(overrides);
        try {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            throw invalidConfig(e);
        }
    }

    /** Sends one record and waits for the broker's acknowledgement; failures become the one line the user sees. */
    RecordMetadata send(Producer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
        return acknowledged(sendAsync(producer, record), record.topic());
    }

    /** Hands one record to the producer; {@link #acknowledged} waits for its outcome. */
    Future<RecordMetadata> sendAsync(Producer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
        try {
            return producer.send(record);
        } catch (KafkaException e) {
            throw failure("produce to '" + record.topic() + "'", e);
        }
    }

    /** Where the record sent by {@link #sendAsync} landed, once the broker has it. */
    RecordMetadata acknowledged(Future<RecordMetadata> sent, String topic) {
        try {
            return sent.get();
        } catch (ExecutionException | KafkaException e) {
            throw failure("produce to '" + topic + "'", e);
        } catch (InterruptedException e) {
            throw CliCommand.interrupted(e);
        }
    }

    /** The topic names, sorted, internal topics excluded. */
    List<String> topicNames() {
        return withAdmin(
                "list topics",
                (admin, timeoutMs) ->
                        admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs)).names().get().stream()
                                .sorted()
                                .toList(),
                cause -> null);
    }

    /** Settings shared by the admin, producer and consumer clients. */
    Map<String, Object> clientConfig() {
        int timeoutMs = Math.toIntExact(apiTimeout.toMillis());
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "sluice-cli");
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 5_000));
        config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, timeoutMs);
        config.putAll(securityConfig());
        return config;
    }

    /** TLS/SASL client properties: the {@code --command-config} file's, else the environment's. */
    Map<String, Object> securityConfig() {
        Map<String, Object> out = new HashMap<>();
        if (commandConfig != null) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(commandConfig)) {
                p.load(in);
            } catch (IOException e) {
                throw new CliException("cannot read --command-config " + commandConfig + ": " + e.getMessage(), e);
            }
            p.forEach((k, v) -> out.put(k.toString(), v.toString().strip()));
            return out;
        }
        SECURITY_ENVIRONMENT.forEach((variable, property) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                out.put(property, value.strip());
            }
        });
        return out;
    }

    /** Translates a Kafka client failure into the one line the user sees. */
    CliException failure(String action, Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TimeoutException) {
            return new CliException(
                    "cannot " + action + ": no answer from Kafka at " + bootstrapServers + " within "
                            + apiTimeout.toSeconds() + "s (" + rootMessage(cause)
                            + ") — is the broker running? Try ./sluice up",
                    e);
        }
        return new CliException("cannot " + action + " on Kafka at " + bootstrapServers + ": " + rootMessage(cause), e);
    }

    /** A client could not even be created: almost always an unusable {@code --bootstrap-servers} value. */
    CliException invalidConfig(Throwable e) {
        return new CliException("cannot use --bootstrap-servers '" + bootstrapServers + "': " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        String message = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage().strip();
            }
        }
        return message;
    }
}
