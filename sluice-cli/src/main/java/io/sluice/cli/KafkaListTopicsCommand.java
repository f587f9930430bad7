package io.sluice.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kafka list-topics}: the seed's {@code kafka_cli.py list-topics}, the same names as {@code kafka topics} in
 * the seed's layout ({@code Topics:}, then {@code   - name} a line, sorted; internal topics excluded).
 */
@Command(
        name = "list-topics",
        mixinStandardHelpOptions = true,
        description = "List topics as the seed's kafka_cli.py did (internal ones excluded).")
public final class KafkaListTopicsCommand extends CliCommand {

    @ParentCommand
    KafkaCommand kafka;

    @Override
    int execute() {
        List<String> topics = KafkaTopicsCommand.list(kafka);
        if (topics.isEmpty()) {
            out().println("No topics on " + kafka.bootstrapServers);
            return 0;
        }
        out().println("Topics:");
        topics.forEach(topic -> out().println("  - " + topic));
        return 0;
    }
}
