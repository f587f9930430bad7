package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KafkaCommandTest {

    private static final TopicPartition PARTITION = new TopicPartition("text-messages", 0);

    @Test
    void bootstrap_servers_may_be_given_before_or_after_the_subcommand() {
        CommandLine before = Cli.commandLine();
        before.parseArgs("kafka", "--bootstrap-servers", "a:1", "topics");
        CommandLine after = Cli.commandLine();
        after.parseArgs("kafka", "topics", "--bootstrap-servers", "b:2");

        assertThat(kafka(before).bootstrapServers).isEqualTo("a:1");
        assertThat(kafka(after).bootstrapServers).isEqualTo("b:2");
    }

    @Test
    void consume_prints_partition_offset_key_value_and_indented_headers_up_to_the_maximum() {
        CommandLine root = Cli.commandLine();
        root.parseArgs("kafka", "consume", "text-messages", "--from-beginning", "--max-messages", "2");
        StringWriter out = new StringWriter();
        KafkaConsumeCommand consume = subcommand(root, "consume", out);
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions("text-messages", List.of(new PartitionInfo("text-messages", 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 5L));
        ConsumerRecord<byte[], byte[]> withHeader = record(5, null, "{\"id\":\"test-123\",\"text\":\"Hello Kafka\"}");
        withHeader.headers().add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(withHeader);
            consumer.addRecord(record(6, "k", "second"));
            consumer.addRecord(record(7, "k", "not printed"));
        });

        int count = consume.consume(consumer);

        assertThat(count).isEqualTo(2);
        assertThat(out.toString())
                .isEqualTo(
                        """
                        0@5 key=null value={"id":"test-123","text":"Hello Kafka"}
                            trace-id: t-1
                        0@6 key=k value=second
                        """);
    }

    @Test
    void consume_of_a_missing_topic_fails_with_a_hint() {
        CommandLine root = Cli.commandLine();
        root.parseArgs("kafka", "consume", "nope", "--bootstrap-servers", "b:2");
        KafkaConsumeCommand consume = subcommand(root, "consume", new StringWriter());

        assertThatThrownBy(() -> consume.consume(new MockConsumer<>("earliest")))
                .isInstanceOf(CliException.class)
                .hasMessage("topic 'nope' does not exist on b:2 — see: sluice kafka topics");
    }

    @Test
    void produce_sends_the_value_bytes_as_given_and_prints_where_they_landed() {
        CommandLine root = Cli.commandLine();
        String value = "{\"id\":\"test-123\",\"text\":\"Hello Kafka\"}";
        root.parseArgs("kafka", "produce", "text-messages", value, "--key", "test-123");
        StringWriter out = new StringWriter();
        KafkaProduceCommand produce = subcommand(root, "produce", out);
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

        assertThat(produce.produce(producer)).isZero();

        assertThat(out.toString()).isEqualTo("Produced to text-messages-0@0\n");
        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(value);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("test-123");
        });
    }

    @Test
    void topics_on_an_unreachable_broker_prints_one_line_and_exits_1() throws IOException {
        String bootstrap = "127.0.0.1:" + TextWriterCommandsTest.freePort();
        CommandLine root = Cli.commandLine();
        kafka(root).apiTimeout = Duration.ofSeconds(1);

        Cli.Result result = Cli.run(root, "kafka", "topics", "--bootstrap-servers", bootstrap);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .startsWith("Error: cannot list topics: no answer from Kafka at " + bootstrap + " within 1s (")
                .endsWith(") — is the broker running? Try ./sluice up\n")
                .hasLineCount(1);
    }

    private static KafkaCommand kafka(CommandLine root) {
        return root.getSubcommands().get("kafka").getCommand();
    }

    private static <T> T subcommand(CommandLine root, String name, StringWriter out) {
        CommandLine command =
                root.getSubcommands().get("kafka").getSubcommands().get(name);
        command.setOut(new PrintWriter(out, true));
        return command.getCommand();
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String key, String value) {
        return new ConsumerRecord<>(
                PARTITION.topic(),
                PARTITION.partition(),
                offset,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }
}
