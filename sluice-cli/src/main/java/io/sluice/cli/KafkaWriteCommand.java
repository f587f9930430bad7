package io.sluice.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kafka write TOPIC [MESSAGE] [--key K] [--count N]}: the seed's {@code kafka_cli.py write}. MESSAGE is
 * wrapped as the seed wrapped it, {@code {"id": <new UUID>, "text": MESSAGE, "timestamp": <epoch seconds>, "source":
 * "kafka-cli"}} (what the text writer reads from {@code text-messages}), keyed by {@code --key} or else the id, and
 * each record's place is printed as the seed printed it. A missing topic is created first with the broker's defaults,
 * as the seed's broker did on first use. Beyond the seed: without MESSAGE each non-blank line of standard input is
 * one message, and {@code --count N} sends each message N times (each with its own id). Use {@code kafka produce} to
 * send a value as it is.
 */
@Command(
        name = "write",
        mixinStandardHelpOptions = true,
        description = "Send messages as the seed's kafka_cli.py did: {id, text, timestamp, source: kafka-cli}.")
public final class KafkaWriteCommand extends CliCommand {

    /** How many records may await their acknowledgement at once. */
    private static final int IN_FLIGHT = 1_000;

    static final String SOURCE = "kafka-cli";

    @ParentCommand
    KafkaCommand kafka;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to write to (created if missing).")
    String topic;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "MESSAGE",
            description = "The text to send; without it, each non-blank line of standard input.")
    String message;

    @Option(names = "--key", paramLabel = "KEY", description = "The record key (default: the generated id).")
    String key;

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "1",
            description = "Send each message N times, each with its own id (default: ${DEFAULT-VALUE}).")
    int count;

    /** Where messages are read from without MESSAGE; tests replace it. */
    InputStream stdin = System.in;

    /** The clock of the {@code timestamp} field; tests replace it. */
    Clock clock = Clock.systemUTC();

    @Override
    int execute() {
        KafkaCommand.requireTopicName(spec, topic);
        if (count < 1) {
            throw OneLineUsageErrors.badArgument(spec, "--count must be at least 1, got " + count);
        }
        List<String> texts = message != null ? List.of(message) : readLines();
        if (texts.isEmpty()) {
            throw OneLineUsageErrors.badArgument(spec, "no MESSAGE given and no line on standard input");
        }
        if (createIfMissing()) {
            err().println("Created topic '" + topic + "'");
        }
        Producer<byte[], byte[]> producer = kafka.producer();
        try {
            return write(producer, texts);
        } finally {
            producer.close(Duration.ofSeconds(2));
        }
    }

    /** A record handed to the producer, not yet acknowledged. */
    private record Pending(String id, Future<RecordMetadata> sent) {}

    /** Sends every text {@code count} times and prints where each landed, in order; returns the exit code. */
    int write(Producer<byte[], byte[]> producer, List<String> texts) {
        Deque<Pending> pending = new ArrayDeque<>();
        for (String text : texts) {
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                ObjectNode value = Json.MAPPER
                        .createObjectNode()
                        .put("id", id)
                        .put("text", text)
                        .put("timestamp", epochSeconds(clock.instant()))
                        .put("source", SOURCE);
                byte[] keyBytes = (key != null ? key : id).getBytes(StandardCharsets.UTF_8);
                byte[] valueBytes = value.toString().getBytes(StandardCharsets.UTF_8);
                pending.add(
                        new Pending(id, kafka.sendAsync(producer, new ProducerRecord<>(topic, keyBytes, valueBytes))));
                printAcknowledged(pending, IN_FLIGHT - 1);
            }
        }
        printAcknowledged(pending, 0);
        out().flush();
        return 0;
    }

    /** Waits for the oldest records, printing where each landed, until at most {@code left} are pending. */
    private void printAcknowledged(Deque<Pending> pending, int left) {
        while (pending.size() > left) {
            Pending oldest = pending.removeFirst();
            print(oldest.id(), kafka.acknowledged(oldest.sent(), topic));
        }
    }

    private void print(String id, RecordMetadata sent) {
        out().println("Message sent to topic '" + sent.topic() + "' with ID '" + id + "' at partition "
                + sent.partition() + ", offset " + sent.offset());
    }

    /** Python's {@code time.time()}: seconds since the epoch with microseconds, written without an exponent. */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano() / 1_000, 6));
    }

    /** Creates the topic with the broker's default partitions and replication when it does not exist. */
    private boolean createIfMissing() {
        return kafka.withAdmin(
                "create topic '" + topic + "'",
                (admin, timeoutMs) -> {
                    if (admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs))
                            .names()
                            .get()
                            .contains(topic)) {
                        return false;
                    }
                    NewTopic newTopic = new NewTopic(topic, Optional.empty(), Optional.empty());
                    try {
                        admin.createTopics(List.of(newTopic), new CreateTopicsOptions().timeoutMs(timeoutMs))
                                .all()
                                .get();
                        return true;
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof TopicExistsException) {
                            return false; // created meanwhile by someone else: fine
                        }
                        throw e;
                    }
                },
                cause -> null);
    }

    private List<String> readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
            return in.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new CliException("cannot read messages from standard input: " + e.getMessage(), e);
        }
    }
}
