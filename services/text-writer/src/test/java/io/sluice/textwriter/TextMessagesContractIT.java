package io.sluice.textwriter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.db.Database;
import io.sluice.db.DatabaseConfig;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Other services' tests build {@code text_messages} from sluice-testkit's copy of this service's migrations
 * ({@code db/contracts/text-messages}), never from this module. The copy must be exact: ADR 0009.
 */
@ExtendWith(Postgres.class)
class TextMessagesContractIT {
    static final String HISTORY = "text_writer_schema_history";

    @Test
    void the_testkit_contract_fixture_holds_exactly_the_text_writer_migrations() {
        List<Map<String, Object>> ours = migrations("classpath:db/text-writer");
        List<Map<String, Object>> fixture = migrations("classpath:db/contracts/text-messages");

        assertThat(fixture)
                .as("sluice-testkit's db/contracts/text-messages must be a verbatim copy of db/text-writer"
                        + " (docs/adr/0009-text-messages-table-contract.md)")
                .isEqualTo(ours)
                .isNotEmpty();
    }

    private static List<Map<String, Object>> migrations(String location) {
        TestDatabase db = Postgres.freshDatabase("text_messages_contract");
        DatabaseConfig config = new DatabaseConfig(
                db.host(), db.port(), db.name(), db.user(), db.password(), 2, Duration.ofSeconds(5), false);
        try (Database database = Database.connect(config, "test", new SimpleMeterRegistry(), Duration.ofSeconds(30))) {
            database.migrate(HISTORY, location);
        }
        return db.query("SELECT version, script, checksum FROM " + HISTORY + " ORDER BY installed_rank");
    }
}
