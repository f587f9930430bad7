package io.sluice.cli;

import java.util.List;
import org.apache.kafka.clients.admin.DeleteTopicsOptions;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kafka delete-topic TOPIC}: the seed's {@code kafka_cli.py delete-topic}. Deletes at once, as the seed did
 * (only its {@code delete-all-topics} asked first); a topic that does not exist is an error (exit 1) with a hint.
 */
@Command(name = "delete-topic", mixinStandardHelpOptions = true, description = "Delete a topic and its records.")
public final class KafkaDeleteTopicCommand extends CliCommand {

    @ParentCommand
    KafkaCommand kafka;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to delete.")
    String topic;

    @Override
    int execute() {
        KafkaCommand.requireTopicName(spec, topic);
        kafka.withAdmin(
                "delete topic '" + topic + "'",
                (admin, timeoutMs) -> admin.deleteTopics(List.of(topic), new DeleteTopicsOptions().timeoutMs(timeoutMs))
                        .all()
                        .get(),
                cause -> cause instanceof UnknownTopicOrPartitionException
                        ? "topic '" + topic + "' does not exist on " + kafka.bootstrapServers
                                + " — see: sluice kafka list-topics"
                        : null);
        out().println("Topic '" + topic + "' deleted");
        return 0;
    }
}
