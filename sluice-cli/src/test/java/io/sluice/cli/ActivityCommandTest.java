package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivityCommandTest {

    @TempDir
    Path dir;

    private StubService service;

    @BeforeEach
    void start() throws IOException {
        service = new StubService();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void send_posts_one_event_with_its_fields_and_prints_the_ids() {
        service.on("POST", "/events", 202, "{\"event_id\":\"e-1\",\"request_id\":\"r-1\",\"status\":\"accepted\"}");

        Cli.Result r = Cli.run(
                "activity",
                "send",
                "--type",
                "page_view",
                "--user",
                "u1",
                "--session",
                "s1",
                "--page",
                "/home",
                "--data",
                "{\"ref\":\"ad\"}",
                "--url",
                service.url());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Accepted event e-1 (request r-1)\n");
        StubService.Request request = service.requests.peek();
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(parse(request.body()))
                .isEqualTo(parse("{\"event_type\":\"page_view\",\"user_id\":\"u1\",\"session_id\":\"s1\","
                        + "\"page_url\":\"/home\",\"event_data\":{\"ref\":\"ad\"}}"));
    }

    @Test
    void send_refuses_data_that_is_not_a_json_object_without_calling_the_service() {
        Cli.Result r =
                Cli.run("activity", "send", "--type", "a", "--user", "u", "--data", "[1]", "--url", service.url());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: --data must be a JSON object, got '[1]'\n");
        assertThat(service.requests).isEmpty();
    }

    @Test
    void send_shows_the_services_error_naming_the_field() {
        service.on(
                "POST",
                "/events",
                400,
                "{\"error\":\"event_type must be at most 100 characters\",\"field\":\"event_type\"}");

        Cli.Result r = Cli.run("activity", "send", "--type", "x", "--user", "u", "--url", service.url());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: HTTP 400 from POST /events: event_type must be at most 100 characters\n");
    }

    @Test
    void send_file_sends_batches_of_500_in_file_order_and_reports_bad_lines_and_rejected_events() throws IOException {
        List<Integer> batchSizes = new ArrayList<>();
        service.on("POST", "/events/batch", request -> {
            JsonNode events = parse(request.body()).path("events");
            batchSizes.add(events.size());
            StringBuilder results = new StringBuilder();
            boolean rejected = false;
            for (int i = 0; i < events.size(); i++) {
                boolean bad = !events.get(i).has("user_id");
                rejected |= bad;
                results.append(i == 0 ? "" : ",")
                        .append("{\"index\":")
                        .append(i)
                        .append(",\"event_id\":\"")
                        .append(events.get(i).path("event_id").asText())
                        .append(
                                bad
                                        ? "\",\"status\":\"rejected\",\"error\":\"user_id is required\"}"
                                        : "\",\"status\":\"accepted\",\"error\":null}");
            }
            return new StubService.Reply(rejected ? 207 : 202, "{\"request_id\":\"r\",\"results\":[" + results + "]}");
        });
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            file.append("{\"event_type\":\"click\",\"user_id\":\"u")
                    .append(i % 3)
                    .append("\",\"event_data\":{\"n\":")
                    .append(i)
                    .append("}}\n");
            if (i == 10) {
                file.append("not json\n\n");
            }
            if (i == 20) {
                file.append("{\"event_type\":\"click\"}\n");
            }
        }
        Path path = Files.writeString(dir.resolve("events.ndjson"), file.toString());

        Cli.Result r = Cli.run("activity", "send-file", path.toString(), "--no-progress", "--url", service.url());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("Sending 602 events from " + path + "\nSent 600 of 602 events, 2 failed\n");
        assertThat(r.err())
                .startsWith("Line 12 failed: not JSON: ")
                .endsWith("Line 24 failed: rejected: user_id is required\n");
        assertThat(batchSizes).containsExactly(500, 101);
        List<Integer> order = new ArrayList<>();
        for (StubService.Request request : service.requests) {
            for (JsonNode e : parse(request.body()).path("events")) {
                assertThat(e.path("event_id").asText()).isNotBlank();
                if (e.has("event_data")) {
                    order.add(e.path("event_data").path("n").asInt());
                }
            }
        }
        assertThat(order).hasSize(600).isSorted();
    }

    @Test
    void send_file_retries_a_batch_answered_503_with_the_same_event_ids() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        List<String> bodies = new ArrayList<>();
        service.on("POST", "/events/batch", request -> {
            bodies.add(request.body());
            if (calls.incrementAndGet() == 1) {
                return new StubService.Reply(
                        503,
                        "{\"error\":\"Events could not be stored safely; retry later\",\"reason\":\"spill_full\","
                                + "\"retry_after_s\":1,\"request_id\":\"r\",\"results\":[]}");
            }
            return new StubService.Reply(
                    202,
                    "{\"request_id\":\"r\",\"status\":\"accepted\",\"results\":["
                            + "{\"index\":0,\"event_id\":\"x\",\"status\":\"accepted\",\"error\":null}]}");
        });
        Path path = Files.writeString(dir.resolve("one.ndjson"), "{\"event_type\":\"a\",\"user_id\":\"u\"}\n");

        Cli.Result r = Cli.run("activity", "send-file", path.toString(), "--no-progress", "--url", service.url());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).endsWith("Sent 1 of 1 events, 0 failed\n");
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1)).isEqualTo(bodies.get(0));
    }
}
