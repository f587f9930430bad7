package io.sluice.cli;

import io.sluice.dlq.DeadLetters;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code dlq}: the dead-letter lifecycle (ADR 0016) on the Kafka cluster itself, no service needed: {@code ls},
 * {@code show}, {@code replay}, {@code resolve}. Owns the options its subcommands inherit: {@code --bootstrap-servers}
 * and {@code --command-config} as {@code sluice kafka} takes them, and {@code --json}.
 */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = "List, show, replay and resolve dead letters (every *.dlq topic).",
        subcommands = {DlqListCommand.class, DlqShowCommand.class, DlqReplayCommand.class, DlqResolveCommand.class})
public final class DlqCommand implements Runnable {

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
            description = "Kafka client properties file (security.protocol, sasl.*, ssl.*), as for sluice kafka.")
    Path commandConfig;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON (the console API's shapes).")
    boolean json;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: ls, show, replay or resolve");
    }

    /** A client of the cluster; the TLS/SASL settings come from where {@code sluice kafka} reads them. */
    DeadLetters open() {
        KafkaCommand kafka = new KafkaCommand();
        kafka.bootstrapServers = bootstrapServers;
        kafka.commandConfig = commandConfig;
        Map<String, String> props = new HashMap<>();
        kafka.securityConfig().forEach((k, v) -> props.put(k, String.valueOf(v)));
        return DeadLetters.open(bootstrapServers, props, kafka.apiTimeout);
    }
}
