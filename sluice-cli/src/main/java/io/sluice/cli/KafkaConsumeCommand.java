package io.sluice.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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

    private static final Duration MAX_POLL = Duration.ofMillis(500);

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
        if (maxMessages < 1) {
            throw new CliException("--max-messages must be at least 1, got " + maxMessages);
        }
        if (timeoutSeconds < 1) {
            throw new CliException("--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        Consumer<byte[], byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            throw kafka.invalidConfig(e);
        }
        try (consumer) {
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
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, kafka.apiTimeout);
        if (partitions == null || partitions.isEmpty()) {
            throw new CliException("topic '" + topic + "' does not exist on " + kafka.bootstrapServers
                    + " — see: sluice kafka topics");
        }
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(assigned);
        if (fromBeginning) {
            consumer.seekToBeginning(assigned);
        } else {
            consumer.seekToEnd(assigned);
        }
        // Seeks are lazy: resolve the positions now so records produced from this moment on are not skipped.
        assigned.forEach(consumer::position);

        PrintWriter out = out();
        Duration idle = Duration.ofSeconds(timeoutSeconds);
        long idleDeadline = System.nanoTime() + idle.toNanos();
        int count = 0;
        while (count < maxMessages) {
            long remaining = idleDeadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            ConsumerRecords<byte[], byte[]> records =
                    consumer.poll(Duration.ofNanos(Math.min(remaining, MAX_POLL.toNanos())));
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (count == maxMessages) {
                    break;
                }
                print(record, out);
                count++;
            }
            out.flush();
            if (!records.isEmpty()) {
                idleDeadline = System.nanoTime() + idle.toNanos();
            }
        }
        return count;
    }

    static void print(ConsumerRecord<byte[], byte[]> record, PrintWriter out) {
        out.println(record.partition() + "@" + record.offset() + " key=" + utf8(record.key()) + " value="
                + utf8(record.value()));
        for (Header header : record.headers()) {
            out.println("    " + header.key() + ": " + utf8(header.value()));
        }
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(maxMessages, 500));
        return config;
    }
}
