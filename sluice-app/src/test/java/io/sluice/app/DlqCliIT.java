package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.Settings;
import io.sluice.core.consumer.DeadLetterConfig;
import io.sluice.core.consumer.DeadLetterPublisher;
import io.sluice.core.json.Json;
import io.sluice.core.service.ServiceRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sluice dlq} against the text writer's own dead letters ({@code text-messages.dlq}), with the text writer
 * running on embedded Kafka and PostgreSQL as {@code sluice up} starts it, through the launcher's picocli commands.
 */
class DlqCliIT {
    private static final Duration PIPELINE = Duration.ofSeconds(60);

    @TempDir
    static Path data;

    static Platform platform;
    static String kafka;
    static String url;

    @BeforeAll
    static void up() {
        ServiceRegistry registry = ServiceRegistry.load();
        platform = Platform.start(
                registry,
                List.of(registry.service("text-writer")),
                Settings.of(Map.of(
                        "embedded.kafka.port", "0",
                        "embedded.kafka.controller_port", "0",
                        "database.port", "0",
                        "http.port", "0")),
                data);
        kafka = platform.settings().required("kafka.bootstrap_servers");
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

    static Result dlq(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "dlq";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--bootstrap-servers";
        all[args.length + 2] = kafka;
        return sluice(all);
    }

    static JsonNode listed(String... filters) throws Exception {
        String[] args = new String[filters.length + 2];
        args[0] = "ls";
        args[1] = "--json";
        System.arraycopy(filters, 0, args, 2, filters.length);
        Result r = dlq(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.mapper().readTree(r.out()).path("records");
    }

    @Test
    void a_poison_record_is_listed_shown_replayed_once_unless_forced_and_resolved() throws Exception {
        assertThat(sluice("kafka", "produce", "text-messages", "{poison", "--bootstrap-servers", kafka)
                        .exit())
                .isZero();
        await().atMost(PIPELINE).until(() -> listed("--error", "not valid json").size() == 1);
        String id = listed("--error", "not valid json").get(0).path("id").asText();
        assertThat(id).startsWith("text-messages.dlq:");

        Result ls = dlq("ls", "--topic", "text-messages", "--error", "NOT VALID JSON");
        assertThat(ls.exit()).isZero();
        assertThat(ls.out())
                .startsWith("ID ")
                .contains(id, " text-messages:", "open", "PoisonRecordException: value is not valid JSON")
                .contains("scanned ", "matched 1, shown 1");

        Result show = dlq("show", id);
        assertThat(show.exit()).isZero();
        assertThat(show.out())
                .contains("status:          open", "value:           {poison", "sluice.dlq.service: text-writer")
                .contains("history: none");

        Result replayed = dlq("replay", id);
        assertThat(replayed.exit()).as(replayed.err()).isZero();
        assertThat(replayed.out()).startsWith("replayed " + id + " to text-messages:");
        // Still poison: the text writer dead-letters the replay again, and the new letter says where it came from.
        await().atMost(PIPELINE).until(() -> listed("--error", "not valid json").size() == 2);
        JsonNode again = listed("--error", "not valid json").get(0);
        assertThat(again.path("headers").path("sluice.replay.of").asText()).isEqualTo(id);
        assertThat(again.path("headers").path("sluice.replay.by").asText()).startsWith("cli:");

        Result refused = dlq("replay", id);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).startsWith("skipped " + id + ": already replayed at ");
        assertThat(refused.err()).isEqualTo("Error: 1 of 1 dead letters not replayed (reasons above)\n");
        assertThat(dlq("replay", id, "--force").exit()).isZero();

        Result resolved = dlq("resolve", id, "--note", "producer fixed");
        assertThat(resolved.exit()).isZero();
        assertThat(resolved.out()).startsWith("resolved " + id + " at ");
        Result afterResolve = dlq("replay", id, "--dry-run");
        assertThat(afterResolve.exit()).isEqualTo(1);
        assertThat(afterResolve.out()).contains("skipped " + id + ": resolved at ", " by cli:", "; force to replay it");
        assertThat(listed("--status", "resolved", "--topic", "text-messages.dlq"))
                .extracting(n -> n.path("id").asText())
                .containsExactly(id);
        assertThat(dlq("show", id).out()).contains(" replay by cli:", " resolve by cli:", "(producer fixed)");
    }

    @Test
    void a_record_dead_lettered_for_a_reason_now_fixed_is_stored_when_replayed() {
        // As if a bug, since fixed, had dead-lettered a good record: the letter the text writer's publisher writes.
        ConsumerRecord<byte[], byte[]> good = new ConsumerRecord<>(
                "text-messages",
                0,
                987_654L,
                "fixed-1".getBytes(StandardCharsets.UTF_8),
                "{\"id\":\"fixed-1\",\"text\":\"Stored after the fix\"}".getBytes(StandardCharsets.UTF_8));
        try (DeadLetterPublisher p =
                DeadLetterPublisher.create(kafka, "text-writer-service", DeadLetterConfig.defaults(), Map.of())) {
            p.publish(good, new IllegalStateException("simulated bug FIXED-LATER"));
            p.flush();
        }

        Result dry = dlq("replay", "--all-matching", "--topic", "text-messages", "--error", "fixed-later", "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).startsWith("would replay text-messages.dlq:").endsWith(" to text-messages\n");
        assertThat(sluice("get", "fixed-1", "--url", url).exit()).isEqualTo(1);

        Result replayed = dlq("replay", "--all-matching", "--error", "fixed-later", "--json");
        assertThat(replayed.exit()).as(replayed.err()).isZero();
        assertThat(replayed.out()).contains("\"dry_run\": false", "\"topic\": \"text-messages\"");
        await().atMost(PIPELINE)
                .until(() -> sluice("get", "fixed-1", "--url", url).exit() == 0);
        assertThat(sluice("get", "fixed-1", "--url", url).out()).contains("Stored after the fix");

        Result consumed = sluice(
                "kafka",
                "consume",
                "text-messages",
                "--from-beginning",
                "--max-messages",
                "1000",
                "--timeout",
                "3",
                "--bootstrap-servers",
                kafka);
        assertThat(consumed.out())
                .contains(
                        "value={\"id\":\"fixed-1\",\"text\":\"Stored after the fix\"}",
                        "sluice.replay.of: " + "text-messages.dlq:",
                        "sluice.replay.at: ");
    }

    @Test
    void bad_arguments_and_unknown_ids_are_one_line_and_exit_2() {
        Result unknown = dlq("show", "text-messages.dlq:0:999999");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err())
                .isEqualTo("Error: no dead letter at text-messages.dlq:0:999999 (see: sluice dlq ls)\n");
        Result unknownReplay = dlq("replay", "text-messages.dlq:0:999999");
        assertThat(unknownReplay.exit()).isEqualTo(2);
        assertThat(unknownReplay.err().lines()).hasSize(1);
        Result unknownResolve = dlq("resolve", "no-such.dlq:0:0");
        assertThat(unknownResolve.exit()).isEqualTo(2);
        assertThat(unknownResolve.err()).isEqualTo("Error: no dead letter at no-such.dlq:0:0 (see: sluice dlq ls)\n");
        Result both = dlq("replay", "text-messages.dlq:0:0", "--all-matching");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).isEqualTo("Error: give dead-letter IDs or --all-matching, not both\n");
        Result time = dlq("ls", "--since", "last tuesday");
        assertThat(time.exit()).isEqualTo(2);
        assertThat(time.err().lines()).hasSize(1);

        Result down = sluice("dlq", "ls", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err().lines()).hasSize(1);
        assertThat(down.err()).startsWith("Error: cannot list dead letters: Kafka at 127.0.0.1:1 did not answer");
    }
}
