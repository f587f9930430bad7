package io.sluice.textwriter;

import static io.sluice.testkit.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /messages} under the page byte budget ({@code http.max_page_bytes}, 1 MiB here): a page of large rows
 * stops early and says so, the next page goes on where it stopped, and a row larger than the budget still comes
 * alone, so paging always moves on. 600 rows of 1 MB once exhausted the heap (issue 11, item 2).
 */
@ExtendWith({KafkaBroker.class, Postgres.class})
class TextWriterPageBudgetIT {
    private static final int ROW_CHARS = 300_000;
    private static TextWriterFixture app;

    @BeforeAll
    static void start() {
        TestDatabase db = Postgres.freshDatabase("page_budget");
        app = TextWriterFixture.start(
                KafkaBroker.freshTopic("page-budget", 1), db, Map.of("http.max_page_bytes", Long.toString(1L << 20)));
        // Ten rows of 300 KB, the newest first in the listing: 4 fit in a page of 1 MiB (the budget is passed by at
        // most the last row read).
        app.db.execute("INSERT INTO text_messages (id, message, source, processed_at)"
                + " SELECT gen_random_uuid(), repeat('x', " + ROW_CHARS + "), 'api', now() - i * interval '1 second'"
                + " FROM generate_series(1, 10) i");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void a_page_of_large_rows_stops_at_the_byte_budget_and_the_next_page_goes_on_from_there() {
        JsonNode first = page("/messages?limit=10");
        JsonNode second =
                page("/messages?limit=10&offset=" + first.path("next_offset").asInt());
        JsonNode third =
                page("/messages?limit=10&offset=" + second.path("next_offset").asInt());

        assertThat(first.path("messages").size()).isEqualTo(4);
        assertThat(first.path("truncated").asBoolean()).isTrue();
        assertThat(first.path("next_offset").asInt()).isEqualTo(4);
        assertThat(first.path("total").asLong()).isEqualTo(10);
        assertThat(first.path("limit").asInt()).isEqualTo(10);
        assertThat(second.path("messages").size()).isEqualTo(4);
        assertThat(second.path("next_offset").asInt()).isEqualTo(8);
        assertThat(third.path("messages").size()).isEqualTo(2);
        assertThat(third.path("truncated").asBoolean()).isFalse();
        assertThat(third.path("next_offset").isNull()).isTrue();
        Set<String> ids = new HashSet<>();
        for (JsonNode p : List.of(first, second, third)) {
            p.path("messages").forEach(m -> ids.add(m.path("id").asText()));
        }
        assertThat(ids).as("every row once").hasSize(10);
    }

    @Test
    void a_page_within_the_budget_is_not_truncated() {
        JsonNode p = page("/messages?limit=3");

        assertThat(p.path("messages").size()).isEqualTo(3);
        assertThat(p.path("truncated").asBoolean()).isFalse();
        assertThat(p.path("next_offset").asInt()).isEqualTo(3);
    }

    @Test
    void a_row_larger_than_the_budget_comes_alone() {
        try (TextWriterFixture tiny = TextWriterFixture.start(
                KafkaBroker.freshTopic("page-tiny", 1), app.db, Map.of("http.max_page_bytes", "1000"))) {
            List<JsonNode> pages = new ArrayList<>();
            int offset = 0;
            for (int i = 0; i < 10; i++) {
                JsonNode p = page(tiny, "/messages?limit=5&offset=" + offset);
                pages.add(p);
                assertThat(p.path("messages").size()).isEqualTo(1);
                assertThat(p.path("truncated").asBoolean()).isEqualTo(i < 9);
                offset = p.path("next_offset").asInt();
            }
            assertThat(pages.getLast().path("next_offset").isNull()).isTrue();
        }
    }

    private static JsonNode page(String path) {
        return page(app, path);
    }

    private static JsonNode page(TextWriterFixture fixture, String path) {
        HttpResponse<String> r = fixture.get(path);
        assertThat(r.statusCode())
                .as(r.body().substring(0, Math.min(200, r.body().length())))
                .isEqualTo(200);
        return json(r);
    }
}
