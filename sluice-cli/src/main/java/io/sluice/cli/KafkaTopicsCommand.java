package io.sluice.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code kafka topics}: the broker's topic names, sorted, one a line, without Kafka's internal topics. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "List topics (internal ones excluded).")
public final class KafkaTopicsCommand extends CliCommand {

    @ParentCommand
    KafkaCommand kafka;

    @Override
    int execute() {
        List<String> topics = list(kafka);
        topics.forEach(out()::println);
        if (topics.isEmpty()) {
            err().println("No topics on " + kafka.bootstrapServers);
        }
        return 0;
    }

    /** The topic names, sorted, internal ones excluded: what {@code topics} and {@code list-topics} print. */
    static List<String> list(KafkaCommand kafka) {
        return kafka.topicNames();
    }
}
