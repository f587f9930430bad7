package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendFileCommandTest {

    @TempDir
    Path dir;

    private StubService service;

    @BeforeEach
    void start() throws IOException {
        service = new StubService().on("POST", "/messages", request -> {
            String text = parse(request.body()).path("message").asText();
            return text.startsWith("bad")
                    ? new StubService.Reply(400, "{\"error\":\"rejected " + text + "\"}")
                    : new StubService.Reply(201, "{\"id\":\"x\",\"message\":\"" + text + "\",\"status\":\"created\"}");
        });
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void send_file_goes_on_past_a_failed_line_and_reports_the_count() throws IOException {
        Path file = Files.writeString(dir.resolve("lines.txt"), "one\nbad two\nthree\n\nfour\nbad five\nsix\n");

        Cli.Result result = Cli.run("send-file", file.toString(), "--url", service.url());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("Sending 6 messages from " + file + "\nSent 4 of 6 messages, 2 failed\n");
        assertThat(result.err())
                .contains("Sending messages")
                .contains("Line 2 failed: HTTP 400 from POST /messages: rejected bad two\n"
                        + "Line 6 failed: HTTP 400 from POST /messages: rejected bad five\n");
        assertThat(service.requests).hasSize(6);
    }

    @Test
    void send_file_strips_lines_skips_blank_ones_and_exits_0_when_all_are_sent() throws IOException {
        Path file = Files.writeString(dir.resolve("lines.txt"), "  hello  \n\t\n   \nworld\r\n");

        Cli.Result result = Cli.run("send-file", file.toString(), "--no-progress", "--url", service.url());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).endsWith("Sent 2 of 2 messages, 0 failed\n");
        assertThat(result.err()).isEmpty();
        assertThat(service.requests)
                .extracting(request -> parse(request.body()).path("message").asText())
                .containsExactlyInAnyOrder("hello", "world");
    }

    @Test
    void send_file_of_a_missing_file_prints_one_error_line() {
        Path missing = dir.resolve("missing.txt");

        Cli.Result result = Cli.run("send-file", missing.toString(), "--url", service.url());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("Error: cannot read " + missing + ": no such file\n");
    }

    @Test
    void send_file_stops_at_once_when_the_service_is_unreachable() throws IOException {
        Path file = Files.writeString(dir.resolve("lines.txt"), "a\nb\nc\n".repeat(20));
        String url = "http://127.0.0.1:" + TextWriterCommandsTest.freePort();

        Cli.Result result = Cli.run("send-file", file.toString(), "--no-progress", "--url", url);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).endsWith("Sent 0 of 60 messages, 60 failed\n");
        assertThat(result.err())
                .isEqualTo("Error: cannot reach " + url
                        + " (connection refused) — is the service running? Try ./sluice up\n");
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
