package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.core.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README tour against a platform started as {@code sluice up} starts it (embedded Kafka and PostgreSQL, on
 * free ports here), driven through the same picocli commands a user types.
 */
class PlatformIT {
    @TempDir
    static Path data;

    static Platform platform;
    static String url;

    @BeforeAll
    static void up() {
        platform = Platform.start(
                Settings.of(Map.of(
                        "embedded.kafka.port",
                        "0",
                        "embedded.kafka.controller_port",
                        "0",
                        "database.port",
                        "0",
                        "http.port",
                        "0")),
                data);
        url = "http://localhost:" + platform.port("text-writer");
    }

    @AfterAll
    static void down() {
        if (platform != null) {
            platform.close();
        }
    }

    record Result(int exit, String out, String err) {}

    static Result sluice(String... args) {
        CommandLine cl = SluiceMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void the_readme_tour_works_through_the_cli() {
        String kafka = platform.settings().required("kafka.bootstrap_servers");
        assertThat(sluice("health", "--url", url).exit()).isZero();

        Result created = sluice("create", "Hello, Sluice", "--url", url);
        assertThat(created.exit()).isZero();
        assertThat(created.out()).contains("Message created successfully!", "Message: Hello, Sluice");

        Result produced = sluice(
                "kafka",
                "produce",
                "text-messages",
                "{\"id\":\"test-123\",\"text\":\"Hello Kafka\"}",
                "--bootstrap-servers",
                kafka);
        assertThat(produced.exit()).as(produced.err()).isZero();
        assertThat(sluice("kafka", "produce", "text-messages", "not json", "--bootstrap-servers", kafka)
                        .exit())
                .isZero();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> sluice("get", "test-123", "--url", url).exit() == 0);
        assertThat(sluice("get", "test-123", "--url", url).out()).contains("Message: Hello Kafka", "Source: kafka");
        assertThat(sluice("list", "--url", url).out()).contains("Hello Kafka", "Hello, Sluice");
        assertThat(sluice("stats", "--url", url).out()).contains("Total Messages: 2", "Kafka Consumer Running: true");

        Result dlq = sluice(
                "kafka",
                "consume",
                "text-messages.dlq",
                "--from-beginning",
                "--max-messages",
                "1",
                "--bootstrap-servers",
                kafka);
        assertThat(dlq.out()).contains("value=not json", "sluice.dlq.error.message: value is not valid JSON");
    }

    @Test
    void up_embeds_s3_and_the_inventorys_dead_letters_land_there_as_files() {
        assertThat(platform.embeds("s3")).isTrue();
        String kafka = platform.settings().required("kafka.bootstrap_servers");
        String topic = "dbserver1.public.products";
        assertThat(sluice("kafka", "produce", topic, "not a change event", "--bootstrap-servers", kafka)
                        .exit())
                .isZero();

        Path letters = data.resolve("s3/inventory-dlq/dlq/inventory-service/" + topic);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> java.nio.file.Files.isDirectory(letters)
                        && java.nio.file.Files.list(letters).findAny().isPresent());
    }

    @Test
    void a_client_failure_is_one_clear_line_and_a_non_zero_exit() {
        Result missing = sluice("get", "no-such-id", "--url", url);
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("Error: HTTP 404 from GET /messages/no-such-id: Message not found");

        Result down = sluice("health", "--url", "http://localhost:1");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err().strip().lines()).hasSize(1);
        assertThat(down.err()).startsWith("Error: ");
    }
}
