package io.sluice.cli;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kafka read TOPIC [--group-id kafka-cli-consumer] [--max-messages 10] [--timeout 5] [--from-beginning]}: the
 * seed's {@code kafka_cli.py read}, as a member of a consumer group. A group that has read the topic before goes on
 * where it stopped: the offsets of the records printed (and only those) are committed at the end. A new group starts
 * at the end of the topic, as the seed's did, unless {@code --from-beginning}, which starts any group at the oldest
 * record. Unlike the seed (which accepted {@code --timeout} and ignored it), it stops once {@code --timeout} seconds
 * pass without a record. Records print as {@code kafka consume} prints them; {@code consume} reads without a group.
 */
@Command(
        name = "read",
        mixinStandardHelpOptions = true,
        description = "Print records as a member of a consumer group, committing what was printed.")
public final class KafkaReadCommand extends CliCommand {

    static final String DEFAULT_GROUP = "kafka-cli-consumer";

    @ParentCommand
    KafkaCommand kafka;

    @Parameters(paramLabel = "TOPIC", description = "The topic to read.")
    String topic;

    @Option(
            names = {"--group-id", "--group"},
            paramLabel = "GROUP",
            defaultValue = DEFAULT_GROUP,
            description = "The consumer group (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(
            names = "--max-messages",
            paramLabel = "N",
            defaultValue = "10",
            description = "Stop after N records (default: ${DEFAULT-VALUE}).")
    int maxMessages;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "Stop when no record arrives for this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--from-beginning", description = "Start at the oldest record, whatever the group read before.")
    boolean fromBeginning;

    @Override
    int execute() {
        KafkaCommand.requireTopicName(spec, topic);
        RecordPrinter.requireLimits(spec, maxMessages, timeoutSeconds);
        if (group.isBlank()) {
            throw OneLineUsageErrors.badArgument(spec, "--group-id must not be blank");
        }
        Map<String, Object> config = Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                Math.min(maxMessages, 500));
        try (Consumer<byte[], byte[]> consumer = kafka.consumer(config)) {
            int count = read(consumer);
            if (count == 0) {
                err().println("No records on " + topic + " for group '" + group + "' within " + timeoutSeconds + "s");
            }
            return 0;
        } catch (KafkaException e) {
            throw kafka.failure("read from '" + topic + "' as group '" + group + "'", e);
        }
    }

    /** Joins the group, prints records until a limit is reached, commits what was printed; returns how many. */
    int read(Consumer<byte[], byte[]> consumer) {
        RecordPrinter.partitions(consumer, topic, kafka); // a missing topic fails here, with a hint
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            private boolean positioned;

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (fromBeginning && !positioned) {
                    consumer.seekToBeginning(partitions);
                }
                positioned = true;
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
        });
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        int count = new RecordPrinter(maxMessages, Duration.ofSeconds(timeoutSeconds), kafka.apiTimeout, out())
                .print(
                        consumer,
                        record -> next.put(
                                new TopicPartition(record.topic(), record.partition()),
                                new OffsetAndMetadata(record.offset() + 1)));
        if (!next.isEmpty()) {
            consumer.commitSync(next, kafka.apiTimeout);
        }
        return count;
    }
}
