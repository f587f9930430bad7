package io.sluice.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.embedded.EmbeddedPostgres;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.PostgresHang;
import io.sluice.testkit.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embeddings service through a PostgreSQL outage: the API answers 503 with a JSON error, then recovers. */
class EmbeddingsFaultIT {
    private static final String UNAVAILABLE = "{\"error\":\"Database unavailable, try again later\"}";

    @TempDir
    Path dir;

    @Test
    void a_postgres_outage_is_a_503_with_a_json_error_on_every_route_that_reads_the_database() {
        try (EmbeddedPostgres pg = Postgres.dedicated(dir.resolve("pg"))) {
            pg.start();
            pg.ensureDatabase("embeddings_outage");
            TestDatabase db = TestDatabase.on(pg, "embeddings_outage");
            EmbeddingsFixture.createTextMessages(db);
            try (EmbeddingsFixture app =
                    EmbeddingsFixture.start(db, Map.of("database.connection_timeout_ms", "1000"))) {
                assertThat(app.get("/status").statusCode()).isEqualTo(200);

                pg.stop();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> app.get("/health").statusCode() == 503);
                HttpResponse<String> status = app.get("/status");
                HttpResponse<String> lookup = app.get("/embeddings/3f1c2a4e-7a1b-4c9d-8e2f-0a1b2c3d4e5f");

                assertThat(status.statusCode()).isEqualTo(503);
                assertThat(status.headers().firstValue("Content-Type").orElse(""))
                        .startsWith("application/json");
                assertThat(status.body()).isEqualTo(UNAVAILABLE);
                assertThat(lookup.statusCode()).isEqualTo(503);
                assertThat(lookup.body()).isEqualTo(UNAVAILABLE);
                assertThat(app.get("/live").statusCode()).isEqualTo(200);

                pg.start();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> app.get("/status").statusCode() == 200);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> app.get("/health").statusCode() == 200);
            }
        }
    }

    @Test
    void a_hung_postgres_is_a_503_with_a_json_error_within_the_timeouts() {
        try (EmbeddedPostgres pg = Postgres.dedicated(dir.resolve("pg-hang"))) {
            pg.start();
            pg.ensureDatabase("embeddings_hang");
            TestDatabase db = TestDatabase.on(pg, "embeddings_hang");
            EmbeddingsFixture.createTextMessages(db);
            Map<String, String> timeouts = Map.of(
                    "database.connection_timeout_ms", "1000",
                    "database.socket_timeout_ms", "1000",
                    "database.statement_timeout_ms", "800");
            try (EmbeddingsFixture app = EmbeddingsFixture.start(db, timeouts)) {
                assertThat(app.get("/status").statusCode()).isEqualTo(200);
                try (PostgresHang hang = PostgresHang.of(pg)) {
                    // Without the timeouts each call waits for the server for ever (the client gives up after 30 s).
                    for (String path : List.of("/status", "/embeddings/3f1c2a4e-7a1b-4c9d-8e2f-0a1b2c3d4e5f")) {
                        HttpResponse<String> r = app.get(path);
                        assertThat(r.statusCode()).as(path).isEqualTo(503);
                        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                                .startsWith("application/json");
                        assertThat(r.body()).isEqualTo(UNAVAILABLE);
                    }
                    HttpResponse<String> batch = app.post("/process-batch", null);
                    assertThat(batch.statusCode()).as(batch.body()).isEqualTo(503);
                    assertThat(batch.body()).isEqualTo(UNAVAILABLE);
                }
                await().atMost(Duration.ofSeconds(30))
                        .ignoreExceptions()
                        .until(() -> app.get("/status").statusCode() == 200);
            }
        }
    }
}
