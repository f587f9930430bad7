package io.sluice.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kafka produce TOPIC VALUE [--key K]}: sends VALUE exactly as given (its UTF-8 bytes, not wrapped or
 * re-encoded) with {@code acks=all}, and prints where it landed.
 */
@Command(name = "produce", mixinStandardHelpOptions = true, description = "Send one record, value as given.")
public final class KafkaProduceCommand extends CliCommand {

    @ParentCommand
    KafkaCommand kafka;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to write to.")
    String topic;

    @Parameters(
            index = "1",
            paramLabel = "VALUE",
            description = "The record value, sent as its UTF-8 bytes, e.g. '{\"id\":\"test-123\",\"text\":\"Hello\"}'.")
    String value;

    @Option(names = "--key", paramLabel = "KEY", description = "The record key (none by default).")
    String key;

    @Override
    int execute() {
        KafkaCommand.requireTopicName(spec, topic);
        Producer<byte[], byte[]> producer = kafka.producer();
        try {
            return produce(producer);
        } finally {
            producer.close(Duration.ofSeconds(2));
        }
    }

    int produce(Producer<byte[], byte[]> producer) {
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        RecordMetadata sent =
                kafka.send(producer, new ProducerRecord<>(topic, keyBytes, value.getBytes(StandardCharsets.UTF_8)));
        out().println("Produced to " + sent.topic() + "-" + sent.partition() + "@" + sent.offset());
        return 0;
    }
}
