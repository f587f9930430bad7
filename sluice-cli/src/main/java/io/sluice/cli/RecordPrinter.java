package io.sluice.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The poll loop of {@code kafka consume} and {@code kafka read}: prints records as {@code <partition>@<offset>
 * key=<key> value=<value>}, headers indented below, until {@code maxMessages} are printed or {@code idle} passes
 * without a new one. The idle clock starts once the consumer has partitions, so joining a group is not counted; a
 * consumer that gets none within {@code join} fails. Not thread-safe: one per command run.
 */
final class RecordPrinter {
    private static final Duration MAX_POLL = Duration.ofMillis(500);

    private final int maxMessages;
    private final Duration idle;
    private final Duration join;
    private final PrintWriter out;

    RecordPrinter(int maxMessages, Duration idle, Duration join, PrintWriter out) {
        this.maxMessages = maxMessages;
        this.idle = idle;
        this.join = join;
        this.out = out;
    }

    /** Refuses limits that could never print a record: bad arguments (exit code 2). */
    static void requireLimits(CommandSpec command, int maxMessages, int timeoutSeconds) {
        if (maxMessages < 1) {
            throw OneLineUsageErrors.badArgument(command, "--max-messages must be at least 1, got " + maxMessages);
        }
        if (timeoutSeconds < 1) {
            throw OneLineUsageErrors.badArgument(command, "--timeout must be at least 1 second, got " + timeoutSeconds);
        }
    }

    /** The topic's partitions, or a one-line failure with a hint when the topic does not exist. */
    static List<TopicPartition> partitions(
            org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, String topic, KafkaCommand kafka) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, kafka.apiTimeout);
        if (partitions == null || partitions.isEmpty()) {
            throw new CliException("topic '" + topic + "' does not exist on " + kafka.bootstrapServers
                    + " — see: sluice kafka topics");
        }
        return partitions.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    /** Prints records until a limit is reached, handing each printed one to {@code printed}; returns how many. */
    int print(
            org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
            Consumer<ConsumerRecord<byte[], byte[]>> printed) {
        long joinDeadline = System.nanoTime() + join.toNanos();
        long idleDeadline = System.nanoTime() + idle.toNanos();
        int count = 0;
        while (count < maxMessages) {
            if (consumer.assignment().isEmpty()) {
                if (System.nanoTime() - joinDeadline > 0) {
                    throw new CliException("no partitions assigned within " + join.toSeconds()
                            + "s — is the group coordinator reachable?");
                }
                idleDeadline = System.nanoTime() + idle.toNanos();
            }
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
                printed.accept(record);
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
}
