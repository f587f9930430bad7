package io.sluice.cli;

import java.util.List;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kafka create-topic TOPIC [--partitions 1] [--replication-factor 1]}: the seed's {@code kafka_cli.py
 * create-topic}, with its defaults. An existing topic is an error (exit 1) that says so; the broker's own refusal
 * (a replication factor above the number of brokers, say) is passed on in one line.
 */
@Command(name = "create-topic", mixinStandardHelpOptions = true, description = "Create a topic.")
public final class KafkaCreateTopicCommand extends CliCommand {

    @ParentCommand
    KafkaCommand kafka;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to create.")
    String topic;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "1",
            description = "Number of partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--replication-factor",
            paramLabel = "N",
            defaultValue = "1",
            description = "Copies of each partition, at most the number of brokers (default: ${DEFAULT-VALUE}).")
    int replicationFactor;

    @Override
    int execute() {
        KafkaCommand.requireTopicName(spec, topic);
        if (partitions < 1) {
            throw OneLineUsageErrors.badArgument(spec, "--partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
            throw OneLineUsageErrors.badArgument(
                    spec,
                    "--replication-factor must be between 1 and " + Short.MAX_VALUE + ", got " + replicationFactor);
        }
        NewTopic newTopic = new NewTopic(topic, partitions, (short) replicationFactor);
        kafka.withAdmin(
                "create topic '" + topic + "'",
                (admin, timeoutMs) -> admin.createTopics(
                                List.of(newTopic), new CreateTopicsOptions().timeoutMs(timeoutMs))
                        .all()
                        .get(),
                cause -> cause instanceof TopicExistsException
                        ? "topic '" + topic + "' already exists on " + kafka.bootstrapServers
                        : null);
        out().println("Topic '" + topic + "' created with " + partitions + " partition" + (partitions == 1 ? "" : "s")
                + " and replication factor " + replicationFactor);
        return 0;
    }
}
