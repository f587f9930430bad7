package io.sluice.activity.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every endpoint over the scenario of {@link ActivityProcessorKafkaIT}, and every caller mistake. */
@ExtendWith({KafkaBroker.class, Postgres.class})
class ActivityProcessorApiIT {
    private static ProcessorFixture p;

    @BeforeAll
    static void start() {
        p = ProcessorFixture.start(Map.of());
        p.produce(ActivityProcessorKafkaIT.SCENARIO);
        await().atMost(Duration.ofSeconds(30)).until(() -> p.events() == 5);
    }

    @AfterAll
    static void stop() {
        p.close();
    }

    @Test
    void health_ready_live_and_metrics_answer() {
        JsonNode health = TestHttp.json(p.get("/health"));
        assertThat(health.get("status").asText()).isEqualTo("healthy");
        assertThat(health.get("service").asText()).isEqualTo("processing-service");
        assertThat(p.get("/ready").statusCode()).isEqualTo(200);
        assertThat(p.get("/live").body()).isEqualTo("{\"alive\":true}");
        HttpResponse<String> metrics = p.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("sluice_activity_events_stored_total{service=\"processing-service\"} 5.0")
                .contains("sluice_consumer_records");
    }

    @Test
    void a_user_has_totals_by_type_first_and_last_seen_and_distinct_sessions() {
        HttpResponse<String> r = p.get("/activity/users/u1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .isEqualTo("{\"user_id\":\"u1\",\"events\":4,\"events_by_type\":{\"click\":1,\"page_view\":3},"
                        + "\"first_seen\":\"2024-01-15T10:00:00Z\",\"last_seen\":\"2024-01-15T11:00:00Z\","
                        + "\"sessions\":2}");
    }

    @Test
    void an_unknown_user_is_404() {
        HttpResponse<String> r = p.get("/activity/users/nobody");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"error\":\"User not found\",\"user_id\":\"nobody\"}");
    }

    @Test
    void a_session_has_start_end_duration_events_and_page_views() {
        HttpResponse<String> r = p.get("/activity/sessions/s1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .isEqualTo("{\"session_id\":\"s1\",\"user_id\":\"u1\",\"started_at\":\"2024-01-15T10:00:00Z\","
                        + "\"ended_at\":\"2024-01-15T10:01:10Z\",\"duration_seconds\":70.0,\"events\":3,"
                        + "\"pages\":2}");
    }

    @Test
    void an_unknown_session_is_404() {
        HttpResponse<String> r = p.get("/activity/sessions/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"error\":\"Session not found\",\"session_id\":\"nope\"}");
    }

    @Test
    void stats_count_each_type_per_minute_in_the_range() {
        HttpResponse<String> r = p.get("/activity/stats?from=2024-01-15T10:01:00Z&to=2024-01-15T12:00:00%2B01:00");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .isEqualTo("{\"from\":\"2024-01-15T10:01:00Z\",\"to\":\"2024-01-15T11:00:00Z\",\"minutes\":["
                        + "{\"minute\":\"2024-01-15T10:01:00Z\",\"events\":{\"click\":1}}],"
                        + "\"totals\":{\"click\":1},\"truncated\":false}");
    }

    @Test
    void stats_default_to_the_last_hour() {
        JsonNode body = TestHttp.json(p.get("/activity/stats"));
        Instant from = Instant.parse(body.get("from").asText());
        Instant to = Instant.parse(body.get("to").asText());
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(1));
        assertThat(body.get("minutes")).isEmpty();
        JsonNode onlyFrom = TestHttp.json(p.get("/activity/stats?from=2024-01-15T10:00:00Z"));
        assertThat(onlyFrom.get("to").asText()).isEqualTo("2024-01-15T11:00:00Z");
        assertThat(onlyFrom.get("totals").toString()).isEqualTo("{\"click\":1,\"page_view\":2,\"purchase\":1}");
    }

    @Test
    void stats_refuse_a_malformed_time_naming_the_parameter() {
        HttpResponse<String> from = p.get("/activity/stats?from=yesterday");
        assertThat(from.statusCode()).isEqualTo(400);
        assertThat(from.body())
                .isEqualTo("{\"error\":\"from must be an RFC 3339 date-time such as 2024-01-15T10:30:45Z\","
                        + "\"field\":\"from\",\"value\":\"yesterday\"}");
        HttpResponse<String> to = p.get("/activity/stats?from=2024-01-15T10:00:00Z&to=2024-01-15");
        assertThat(to.statusCode()).isEqualTo(400);
        assertThat(to.body())
                .isEqualTo("{\"error\":\"to must be an RFC 3339 date-time such as 2024-01-15T10:30:45Z\","
                        + "\"field\":\"to\",\"value\":\"2024-01-15\"}");
    }

    @Test
    void stats_refuse_a_range_that_ends_before_it_starts() {
        HttpResponse<String> r = p.get("/activity/stats?from=2024-01-15T10:00:00Z&to=2024-01-15T10:00:00Z");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body())
                .isEqualTo("{\"error\":\"from must be before to\",\"field\":\"from\","
                        + "\"from\":\"2024-01-15T10:00:00Z\",\"to\":\"2024-01-15T10:00:00Z\"}");
    }

    @Test
    void events_page_newest_first_with_a_cursor_until_the_end() {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page =
                    TestHttp.json(p.get("/activity/events?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("events").forEach(e -> ids.add(e.get("event_id").asText()));
            cursor = page.get("next_cursor").isNull()
                    ? null
                    : page.get("next_cursor").asText();
            assertThat(page.get("limit").asInt()).isEqualTo(2);
            pages++;
        } while (cursor != null);
        assertThat(ids).containsExactly("e4", "e3", "e5", "e2", "e1");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void events_filter_by_user_and_type_and_carry_the_whole_record() {
        JsonNode page = TestHttp.json(p.get("/activity/events?user_id=u1&event_type=page_view"));
        assertThat(StreamSupport.stream(page.get("events").spliterator(), false)
                        .map(e -> e.get("event_id").asText())
                        .toList())
                .containsExactly("e4", "e2", "e1");
        JsonNode e1 = page.get("events").get(2);
        assertThat(e1.get("request_id").asText()).isEqualTo("req-e1");
        assertThat(e1.get("service_info").get("service_name").asText()).isEqualTo("ingestion-service");
        assertThat(e1.get("processing_info").get("processing_ms").asInt()).isEqualTo(5);
        assertThat(page.get("next_cursor").isNull()).isTrue();
        assertThat(TestHttp.json(p.get("/activity/events?user_id=nobody")).get("events"))
                .isEmpty();
    }

    @Test
    void events_refuse_a_bad_limit_or_cursor_naming_the_parameter() {
        for (String limit : List.of("0", "1001", "ten")) {
            HttpResponse<String> r = p.get("/activity/events?limit=" + limit);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body())
                    .isEqualTo("{\"error\":\"limit must be an integer between 1 and 1000\",\"field\":\"limit\","
                            + "\"value\":\"" + limit + "\"}");
        }
        for (String cursor : List.of("abc", "1.-2", "99999999999999999999.1", "1")) {
            HttpResponse<String> r = p.get("/activity/events?cursor=" + cursor);
            assertThat(r.statusCode()).as(cursor).isEqualTo(400);
            assertThat(r.body())
                    .isEqualTo("{\"error\":\"cursor must be a next_cursor value from a previous page\","
                            + "\"field\":\"cursor\",\"value\":\"" + cursor + "\"}");
        }
    }

    @Test
    void an_unknown_route_is_a_json_404() {
        HttpResponse<String> r = p.get("/activity/nothing");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"error\":\"Not found\",\"path\":\"/activity/nothing\"}");
    }
}
