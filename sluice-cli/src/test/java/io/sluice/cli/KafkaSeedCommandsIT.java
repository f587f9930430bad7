package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.KafkaBroker;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * The seed's {@code kafka_cli.py} commands ({@code create-topic}, {@code delete-topic}, {@code list-topics},
 * {@code write}, {@code read}) and today's {@code consume}, against a real broker.
 */
@ExtendWith(KafkaBroker.class)
class KafkaSeedCommandsIT {
    private static final String SENT =
            "Message sent to topic '%s' with ID '([0-9a-f-]{36})' at partition 0, offset (\\d+)";

    static String bootstrap;
    static Admin admin;

    @BeforeAll
    static void connect() {
        bootstrap = KafkaBroker.bootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    static Cli.Result kafka(String... args) {
        return kafka(Cli.commandLine(), args);
    }

    static Cli.Result kafka(CommandLine root, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "kafka";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--bootstrap-servers";
        all[args.length + 2] = bootstrap;
        return Cli.run(root, all);
    }

    static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void create_topic_takes_partitions_and_replication_and_list_topics_shows_it_until_delete_topic() throws Exception {
        String topic = name("created");

        Cli.Result created = kafka("create-topic", topic, "--partitions", "3", "--replication-factor", "1");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out())
                .isEqualTo("Topic '" + topic + "' created with 3 partitions and replication factor 1\n");
        TopicDescription described =
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        assertThat(described.partitions()).hasSize(3);
        assertThat(described.partitions().getFirst().replicas()).hasSize(1);
        Cli.Result listed = kafka("list-topics");
        assertThat(listed.out()).startsWith("Topics:\n").contains("\n  - " + topic + "\n");
        assertThat(kafka("topics").out()).contains(topic + "\n");

        Cli.Result again = kafka("create-topic", topic);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("Error: topic '" + topic + "' already exists on " + bootstrap + "\n");

        Cli.Result deleted = kafka("delete-topic", topic);
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.out()).isEqualTo("Topic '" + topic + "' deleted\n");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(kafka("list-topics").out()).doesNotContain(topic));
    }

    @Test
    void create_topic_with_the_seeds_defaults_has_one_partition() throws Exception {
        String topic = name("defaults");

        assertThat(kafka("create-topic", topic).out())
                .isEqualTo("Topic '" + topic + "' created with 1 partition and replication factor 1\n");
        assertThat(admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic)
                        .partitions())
                .hasSize(1);
    }

    @Test
    void a_replication_factor_above_the_brokers_is_the_brokers_refusal_in_one_line() {
        Cli.Result r = kafka("create-topic", name("rf"), "--replication-factor", "3");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("Error: cannot create topic '")
                .contains("replication factor")
                .hasLineCount(1);
    }

    @Test
    void delete_topic_of_a_missing_topic_fails_with_a_hint() {
        Cli.Result r = kafka("delete-topic", "no-such-topic-here");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("Error: topic 'no-such-topic-here' does not exist on " + bootstrap
                        + " — see: sluice kafka list-topics\n");
    }

    @Test
    void write_wraps_the_message_as_the_seed_did_keys_it_by_its_id_and_prints_where_it_landed() {
        String topic = KafkaBroker.freshTopic("write");

        Cli.Result r = kafka("write", topic, "Hello from the CLI");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).matches(String.format(SENT, topic) + "\n");
        String id = r.out().replaceAll(String.format(SENT, topic) + "\n", "$1");
        ConsumerRecord<byte[], byte[]> record =
                KafkaBroker.consumeAll(topic, Duration.ofSeconds(10), 1).getFirst();
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(id);
        JsonNode value = json(record);
        assertThat(value.fieldNames()).toIterable().containsExactly("id", "text", "timestamp", "source");
        assertThat(value.path("id").asText()).isEqualTo(id);
        assertThat(value.path("text").asText()).isEqualTo("Hello from the CLI");
        assertThat(value.path("timestamp").isNumber()).isTrue();
        assertThat(value.path("timestamp").asDouble() * 1000)
                .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000.0));
        assertThat(value.path("source").asText()).isEqualTo("kafka-cli");
    }

    @Test
    void write_with_key_and_count_sends_each_message_that_many_times_with_its_own_id() {
        String topic = KafkaBroker.freshTopic("count");

        Cli.Result r = kafka("write", topic, "repeat me", "--key", "k-1", "--count", "3");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(3).allMatch(line -> line.matches(String.format(SENT, topic)));
        List<ConsumerRecord<byte[], byte[]>> records = KafkaBroker.consumeAll(topic, Duration.ofSeconds(10), 3);
        assertThat(records).hasSize(3);
        assertThat(records).allSatisfy(rec -> {
            assertThat(new String(rec.key(), StandardCharsets.UTF_8)).isEqualTo("k-1");
            assertThat(json(rec).path("text").asText()).isEqualTo("repeat me");
        });
        assertThat(records.stream().map(rec -> json(rec).path("id").asText()).distinct())
                .hasSize(3);
    }

    @Test
    void write_without_a_message_sends_each_non_blank_line_of_standard_input_and_creates_a_missing_topic()
            throws Exception {
        String topic = name("stdin");
        CommandLine root = Cli.commandLine();
        KafkaWriteCommand write =
                root.getSubcommands().get("kafka").getSubcommands().get("write").getCommand();
        write.stdin = new ByteArrayInputStream("first line\n\n  \nsecond line\n".getBytes(StandardCharsets.UTF_8));

        Cli.Result r = kafka(root, "write", topic);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("Created topic '" + topic + "'\n");
        assertThat(r.out().lines()).hasSize(2);
        assertThat(KafkaBroker.consumeAll(topic, Duration.ofSeconds(10), 2))
                .extracting(rec -> json(rec).path("text").asText())
                .containsExactly("first line", "second line");
        assertThat(admin.listTopics().names().get()).contains(topic);
    }

    @Test
    void read_commits_what_it_printed_so_the_group_goes_on_where_it_stopped() {
        String topic = KafkaBroker.freshTopic("read");
        String group = name("group");
        KafkaBroker.produceAll(topic, List.of("one", "two", "three"));

        Cli.Result first = kafka("read", topic, "--group-id", group, "--from-beginning", "--max-messages", "2");
        Cli.Result rest = kafka("read", topic, "--group", group, "--max-messages", "5", "--timeout", "1");
        Cli.Result newGroup = kafka("read", topic, "--group-id", name("other"), "--timeout", "1");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("0@0 key=null value=one\n0@1 key=null value=two\n");
        assertThat(rest.exitCode()).as(rest.err()).isZero();
        assertThat(rest.out()).isEqualTo("0@2 key=null value=three\n");
        assertThat(newGroup.out()).as("a new group starts at the end").isEmpty();
        assertThat(newGroup.err()).startsWith("No records on " + topic + " for group '");
    }

    @Test
    void read_of_a_missing_topic_fails_with_a_hint() {
        Cli.Result r = kafka("read", "no-such-topic-to-read");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("Error: topic 'no-such-topic-to-read' does not exist on " + bootstrap
                        + " — see: sluice kafka topics\n");
    }

    @Test
    void consume_and_produce_still_work_beside_read_and_write() {
        String topic = KafkaBroker.freshTopic("consume");

        Cli.Result produced = kafka("produce", topic, "{\"id\":\"test-123\",\"text\":\"Hello Kafka\"}", "--key", "k");
        Cli.Result consumed = kafka("consume", topic, "--from-beginning", "--max-messages", "1");

        assertThat(produced.out()).isEqualTo("Produced to " + topic + "-0@0\n");
        assertThat(consumed.out()).isEqualTo("0@0 key=k value={\"id\":\"test-123\",\"text\":\"Hello Kafka\"}\n");
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Json.MAPPER.readTree(record.value());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
