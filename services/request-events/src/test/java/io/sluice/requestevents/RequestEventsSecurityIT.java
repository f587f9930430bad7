package io.sluice.requestevents;

import static io.sluice.requestevents.RequestEventsFixture.json;
import static io.sluice.requestevents.RequestEventsFixture.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testkit.KafkaBroker;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a caller of {@code POST /kafka/publish} and {@code POST /kafka/flush} may do: one service with the defaults
 * and an API token, one that may publish the built-in event types.
 */
@ExtendWith(KafkaBroker.class)
class RequestEventsSecurityIT {
    private static final String TOKEN = "events-token";

    @TempDir
    static Path dir;

    private static RequestEventsFixture guarded;
    private static RequestEventsFixture permissive;

    @BeforeAll
    static void start() {
        guarded = RequestEventsFixture.start(
                KafkaBroker.bootstrapServers(),
                KafkaBroker.freshTopic("events", 1),
                dir.resolve("guarded"),
                Map.of("http.api_token", TOKEN));
        permissive = RequestEventsFixture.start(
                KafkaBroker.bootstrapServers(),
                KafkaBroker.freshTopic("events", 1),
                dir.resolve("permissive"),
                Map.of("events.publish.allow_builtin_types", "true"));
        for (RequestEventsFixture app : List.of(guarded, permissive)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            json(app.get("/health")).path("status").asText().equals("healthy"));
        }
    }

    @AfterAll
    static void stop() {
        for (RequestEventsFixture app : new RequestEventsFixture[] {guarded, permissive}) {
            if (app != null) {
                app.close();
            }
        }
    }

    private static HttpResponse<String> publish(RequestEventsFixture app, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(app.baseUrl + "/kafka/publish"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return app.send(b.build());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http_request", "http_response", "error"})
    void a_built_in_event_type_cannot_be_forged_by_default(String type) {
        HttpResponse<String> r =
                publish(guarded, "{\"event_type\":\"" + type + "\",\"data\":{\"user_ip\":\"6.6.6.6\"}}", TOKEN);

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r))
                .isEqualTo(tree(Map.of(
                        "error",
                        "event_type '" + type + "' is emitted by the service itself and cannot be published",
                        "field",
                        "event_type",
                        "reserved",
                        List.of("http_request", "http_response", "error"))));
    }

    @Test
    void a_built_in_event_type_is_published_when_configured() {
        HttpResponse<String> r =
                publish(permissive, "{\"event_type\":\"http_request\",\"data\":{\"user_ip\":\"7.7.7.7\"}}", null);

        assertThat(r.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> permissive.db.count("SELECT count(*) FROM http_requests WHERE user_ip = '7.7.7.7'") == 1);
    }

    @Test
    void with_a_token_publish_and_flush_need_it_and_reads_do_not() {
        HttpResponse<String> noToken = publish(guarded, "{\"event_type\":\"custom\"}", null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(json(noToken))
                .isEqualTo(tree(Map.of("error", "Missing or invalid API token", "header", "Authorization")));
        assertThat(publish(guarded, "{\"event_type\":\"custom\"}", "wrong").statusCode())
                .isEqualTo(401);
        assertThat(guarded.post("/kafka/flush", null, "").statusCode()).isEqualTo(401);

        assertThat(publish(guarded, "{\"event_type\":\"custom\"}", TOKEN).statusCode())
                .isEqualTo(200);
        assertThat(guarded.get("/kafka/status").statusCode()).isEqualTo(200);
        assertThat(guarded.get("/").statusCode()).isEqualTo(200);
    }
}
