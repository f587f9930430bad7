package io.sluice.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kafka consume TOPIC}: prints records as {@code <partition>@<offset> key=<key> value=<value>}, headers
 * indented below. Reads every partition by manual assignment, without a consumer group, so it never commits offsets
 * or rebalances a service's group. Starts at the end unless {@code --from-beginning}; stops after
 * {@code --max-messages} records or once {@code --timeout} seconds pass without a new one.
 */
@Command(name = "consume", mixinStandardHelpOptions = true, description = "Print records from a topic.")
public final class KafkaConsumeCommand extends CliCommand {

    @ParentCommand
    KafkaCommand kafka;

    @Parameters(paramLabel = "TOPIC", description = "The topic to read.")
    String topic;

    @Option(
            names = "--max-messages",
            paramLabel = "N",
            defaultValue = "10",
            description = "Stop after N records (default: ${DEFAULT-VALUE}).")
    int maxMessages;

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of the end.")
    boolean fromBeginning;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "Stop when no record arrives for this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    int execute() {
        KafkaCommand.requireTopicName(spec, topic);
        RecordPrinter.requireLimits(spec, maxMessages, timeoutSeconds);
        try (Consumer<byte[], byte[]> consumer =
                kafka.consumer(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(maxMessages, 500)))) {
            int count = consume(consumer);
            if (count == 0) {
                err().println("No records on " + topic + " within " + timeoutSeconds + "s");
            }
            return 0;
        } catch (KafkaException e) {
            throw kafka.failure("consume from '" + topic + "'", e);
        }
    }

    /** Positions the consumer, prints records until a limit is reached, and returns how many were printed. */
    int consume(Consumer<byte[], byte[]> consumer) {
        List<TopicPartition> assigned = RecordPrinter.partitions(consumer, topic, kafka);
        consumer.assign(assigned);
        if (fromBeginning) {
            consumer.seekToBeginning(assigned);
        } else {
            consumer.seekToEnd(assigned);
        }
        // Seeks are lazy: resolve the positions now so records produced from this moment on are not skipped.
        assigned.forEach(consumer::position);
        return new RecordPrinter(maxMessages, Duration.ofSeconds(timeoutSeconds), kafka.apiTimeout, out())
                .print(consumer, record -> {});
    }
}
