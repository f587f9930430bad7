package io.sluice.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code kafka topics}: the broker's topic names, sorted, one a line, without Kafka's internal topics. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "List topics (internal ones excluded).")
public final class KafkaTopicsCommand extends CliCommand {

    @ParentCommand
    KafkaCommand kafka;

    @Override
    int execute() {
        Admin admin;
        try {
            admin = Admin.create(kafka.clientConfig());
        } catch (KafkaException e) {
            throw kafka.invalidConfig(e);
        }
        try {
            ListTopicsOptions options = new ListTopicsOptions().timeoutMs(Math.toIntExact(kafka.apiTimeout.toMillis()));
            List<String> topics =
                    admin.listTopics(options).names().get().stream().sorted().toList();
            topics.forEach(out()::println);
            if (topics.isEmpty()) {
                err().println("No topics on " + kafka.bootstrapServers);
            }
            return 0;
        } catch (ExecutionException | KafkaException e) {
            throw kafka.failure("list topics", e);
        } catch (InterruptedException e) {
            throw interrupted(e);
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
