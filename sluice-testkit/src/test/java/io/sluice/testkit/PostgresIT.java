package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(Postgres.class)
class PostgresIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void fresh_databases_are_separate_and_answer_queries() {
        TestDatabase db = Postgres.freshDatabase("Orders-Service");
        TestDatabase other = Postgres.freshDatabase("Orders-Service");
        assertThat(db.name()).startsWith("orders_service_").isNotEqualTo(other.name());
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + db.port() + "/" + db.name());
        assertThat(db.user()).isEqualTo("postgres");

        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
        assertThat(db.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two')"))
                .isEqualTo(2);

        assertThat(db.count("SELECT count(*) FROM items")).isEqualTo(2);
        assertThat(db.query("SELECT id, name FROM items ORDER BY id"))
                .containsExactly(Map.of("id", 1, "name", "one"), Map.of("id", 2, "name", "two"));
        assertThat(db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'items'"))
                .isEqualTo(1);
        assertThat(other.count("SELECT count(*) FROM pg_tables WHERE tablename = 'items'"))
                .isZero();
    }

    @Test
    void dedicated_postgres_survives_an_outage_and_keeps_rows() {
        try (EmbeddedPostgres postgres = Postgres.dedicated(dir.resolve("pg-data"))) {
            postgres.start();
            postgres.ensureDatabase("outage");
            TestDatabase db = TestDatabase.on(postgres, "outage");
            db.execute("CREATE TABLE marks (id int)");
            db.execute("INSERT INTO marks VALUES (1)");

            postgres.stop();
            assertThatThrownBy(db::connection).isInstanceOf(IllegalStateException.class);
            postgres.start();

            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(db.count("SELECT count(*) FROM marks"))
                    .isEqualTo(1));
        }
    }
}
