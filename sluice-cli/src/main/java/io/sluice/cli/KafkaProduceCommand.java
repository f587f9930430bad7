package io.sluice.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
        Producer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            throw kafka.invalidConfig(e);
        }
        try {
            return produce(producer);
        } finally {
            producer.close(Duration.ofSeconds(2));
        }
    }

    int produce(Producer<byte[], byte[]> producer) {
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, keyBytes, value.getBytes(StandardCharsets.UTF_8));
        try {
            RecordMetadata sent = producer.send(record).get();
            out().println("Produced to " + sent.topic() + "-" + sent.partition() + "@" + sent.offset());
            return 0;
        } catch (ExecutionException | KafkaException e) {
            throw kafka.failure("produce to '" + topic + "'", e);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = kafka.clientConfig();
        int timeoutMs = Math.toIntExact(kafka.apiTimeout.toMillis());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        return config;
    }
}
