package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 11, item 9: the CLI's Kafka clients take the same TLS/SASL settings as the services. */
class KafkaCommandSecurityTest {
    @TempDir
    Path dir;

    private static KafkaCommand kafka(String... args) {
        CommandLine root = Cli.commandLine();
        root.parseArgs(args);
        return root.getSubcommands().get("kafka").getCommand();
    }

    @Test
    void the_services_environment_variables_reach_every_client() {
        KafkaCommand kafka = kafka("kafka", "topics");
        kafka.environment = Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "PLAIN",
                "KAFKA_SASL_JAAS_CONFIG", "jaas",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/ts.p12",
                "UNRELATED", "x");

        assertThat(kafka.clientConfig())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", "jaas")
                .containsEntry("ssl.truststore.location", "/etc/ts.p12")
                .doesNotContainKey("UNRELATED");
    }

    @Test
    void a_command_config_file_wins_over_the_environment() throws Exception {
        Path file =
                Files.writeString(dir.resolve("client.properties"), "security.protocol=SSL\nssl.truststore.type=PEM\n");
        KafkaCommand kafka = kafka("kafka", "--command-config", file.toString(), "topics");
        kafka.environment = Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");

        assertThat(kafka.clientConfig())
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.type", "PEM");
    }

    @Test
    void a_missing_command_config_file_is_one_clear_error() {
        KafkaCommand kafka = kafka(
                "kafka", "--command-config", dir.resolve("missing.properties").toString(), "topics");

        assertThatThrownBy(kafka::clientConfig)
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("cannot read --command-config ");
    }
}
