package io.sluice.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.config.Settings;
import io.sluice.core.json.Json;
import io.sluice.core.service.ServiceRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's activity tour as {@code sluice up} runs it: an event sent with curl's request to the ingestion API and
 * one with {@code sluice activity send}, read back from the processor with curl's requests and {@code sluice activity
 * user|stats}.
 */
class ActivityEndToEndIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @Test
    void events_sent_to_the_ingestion_api_reach_the_processor_aggregates_and_the_cli() throws Exception {
        ServiceRegistry registry = ServiceRegistry.load();
        try (Platform platform = Platform.start(
                registry,
                List.of(registry.service("activity-ingestion"), registry.service("activity-processor")),
                Settings.of(Map.of(
                        "embedded.kafka.port", "0",
                        "embedded.kafka.controller_port", "0",
                        "database.port", "0",
                        "http.port", "0")),
                data)) {
            String ingestion = "http://localhost:" + platform.port("activity-ingestion");
            String processor = "http://localhost:" + platform.port("activity-processor");

            HttpResponse<String> sent = HTTP.send(
                    HttpRequest.newBuilder(URI.create(ingestion + "/events"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"event_type\":\"page_view\",\"user_id\":"
                                    + "\"user-123\",\"session_id\":\"session-456\",\"page_url\":"
                                    + "\"https://example.com/\",\"event_data\":{\"ref\":\"tour\"}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
            assertThat(cli(
                            "activity",
                            "send",
                            "--type",
                            "click",
                            "--user",
                            "user-123",
                            "--session",
                            "session-456",
                            "--page",
                            "https://example.com/cart",
                            "--url",
                            ingestion))
                    .startsWith("Accepted event ");

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> get(processor + "/activity/users/user-123")
                                    .path("events")
                                    .asLong()
                            == 2);
            JsonNode user = get(processor + "/activity/users/user-123");
            assertThat(user.get("events_by_type").toString()).isEqualTo("{\"click\":1,\"page_view\":1}");
            assertThat(user.get("sessions").asLong()).isEqualTo(1);
            JsonNode session = get(processor + "/activity/sessions/session-456");
            assertThat(session.get("events").asLong()).isEqualTo(2);
            assertThat(session.get("pages").asLong()).as("page views").isEqualTo(1);
            assertThat(get(processor + "/activity/events?user_id=user-123&limit=10")
                            .get("events"))
                    .hasSize(2);
            assertThat(cli("activity", "user", "user-123", "--url", processor))
                    .contains("User: user-123", "Events: 2 (click 1, page_view 1)", "Sessions: 1");
            assertThat(cli("activity", "stats", "--url", processor)).contains("click", "page_view", "Totals: ");
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200
                ? Json.mapper().readTree(r.body())
                : Json.mapper().createObjectNode();
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = SluiceMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }
}
