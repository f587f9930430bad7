package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Every bad argument of the seed's Kafka commands is one line and exit code 2, before any connection is made (the
 * broker address here answers nothing); an unreachable broker is one line and exit code 1.
 */
class KafkaSeedCommandsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            create-topic t --partitions 0          | --partitions must be at least 1, got 0 (see: sluice kafka create-topic --help)
            create-topic t --partitions x          | Invalid value for option '--partitions': 'x' is not an int (see: sluice kafka create-topic --help)
            create-topic t --replication-factor 0  | --replication-factor must be between 1 and 32767, got 0 (see: sluice kafka create-topic --help)
            create-topic t --replication-factor 40000 | --replication-factor must be between 1 and 32767, got 40000 (see: sluice kafka create-topic --help)
            create-topic                           | Missing required parameter: 'TOPIC' (see: sluice kafka create-topic --help)
            create-topic a/b                       | invalid topic name 'a/b': use 1 to 249 of the characters a-z A-Z 0-9 . _ - (and not '.' or '..') (see: sluice kafka create-topic --help)
            delete-topic ..                        | invalid topic name '..': use 1 to 249 of the characters a-z A-Z 0-9 . _ - (and not '.' or '..') (see: sluice kafka delete-topic --help)
            delete-topic a b                       | Unmatched argument at index 3: 'b' (see: sluice kafka delete-topic --help)
            list-topics --verbose                  | Unknown option: '--verbose' (see: sluice kafka list-topics --help)
            write t hello --count 0                | --count must be at least 1, got 0 (see: sluice kafka write --help)
            write t hello --count -1               | --count must be at least 1, got -1 (see: sluice kafka write --help)
            write bad%topic hello                  | invalid topic name 'bad%topic': use 1 to 249 of the characters a-z A-Z 0-9 . _ - (and not '.' or '..') (see: sluice kafka write --help)
            read t --max-messages 0                | --max-messages must be at least 1, got 0 (see: sluice kafka read --help)
            read t --timeout 0                     | --timeout must be at least 1 second, got 0 (see: sluice kafka read --help)
            read                                   | Missing required parameter: 'TOPIC' (see: sluice kafka read --help)
            consume t --max-messages 0             | --max-messages must be at least 1, got 0 (see: sluice kafka consume --help)
            """)
    void a_bad_argument_is_one_line_and_exit_code_2(String args, String error) throws IOException {
        Cli.Result r =
                Cli.run(args("kafka " + args + " --bootstrap-servers 127.0.0.1:" + TextWriterCommandsTest.freePort()));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("Error: " + error + "\n");
    }

    @Test
    void a_blank_group_is_one_line_and_exit_code_2() {
        Cli.Result r = Cli.run("kafka", "read", "t", "--group-id", " ");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("Error: --group-id must not be blank (see: sluice kafka read --help)\n");
    }

    @Test
    void a_missing_subcommand_is_one_line_and_exit_code_2() {
        Cli.Result r = Cli.run("kafka");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("Error: Missing subcommand: topics, produce, consume, create-topic, delete-topic,"
                        + " list-topics, write or read (see: sluice kafka --help)\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            create-topic t  | cannot create topic 't': no answer from Kafka at
            delete-topic t  | cannot delete topic 't': no answer from Kafka at
            list-topics     | cannot list topics: no answer from Kafka at
            write t hello   | cannot create topic 't': no answer from Kafka at
            read t          | cannot read from 't' as group 'kafka-cli-consumer': no answer from Kafka at
            """)
    void an_unreachable_broker_is_one_line_and_exit_code_1(String args, String error) throws IOException {
        String bootstrap = "127.0.0.1:" + TextWriterCommandsTest.freePort();
        CommandLine root = Cli.commandLine();
        KafkaCommand kafka = root.getSubcommands().get("kafka").getCommand();
        kafka.apiTimeout = Duration.ofSeconds(1);

        Cli.Result r = Cli.run(root, args("kafka " + args + " --bootstrap-servers " + bootstrap));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .startsWith("Error: " + error + " " + bootstrap + " within 1s (")
                .endsWith(") — is the broker running? Try ./sluice up\n")
                .hasLineCount(1);
    }

    @Test
    void the_timestamp_is_epoch_seconds_with_microseconds_as_python_writes_it() {
        assertThat(KafkaWriteCommand.epochSeconds(Instant.parse("2026-12-05T03:42:17.123456789Z")))
                .isEqualTo(new BigDecimal("1796442137.123456"));
        assertThat(Json.MAPPER
                        .createObjectNode()
                        .put("timestamp", KafkaWriteCommand.epochSeconds(Instant.parse("2026-12-05T03:42:17Z")))
                        .toString())
                .isEqualTo("{\"timestamp\":1796442137.000000}");
    }

    private static String[] args(String line) {
        return line.trim().split("\\s+");
    }
}
