package io.sluice.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code kafka}: the group of Kafka operator commands ({@code topics}, {@code produce}, {@code consume}). Owns the
 * {@code --bootstrap-servers} option, inherited by the subcommands so it may be given before or after them, and the
 * short client timeouts that make an unreachable broker fail in seconds with one clear line.
 */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        description = "List topics, produce and consume records on a Kafka broker.",
        subcommands = {KafkaTopicsCommand.class, KafkaProduceCommand.class, KafkaConsumeCommand.class})
public final class KafkaCommand implements Runnable {

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
        throw new ParameterException(spec.commandLine(), "Missing subcommand: topics, produce or consume");
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
