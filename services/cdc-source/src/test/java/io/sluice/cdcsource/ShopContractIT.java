package io.sluice.cdcsource;

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
 * Tests elsewhere (the demo traffic, the CDC consumers, the benchmark) build the shop's tables from sluice-testkit's
 * copy of this service's migrations ({@code db/contracts/shop}), never from this module: nothing depends on a
 * service. The copy must be exact, as for {@code text_messages} (ADR 0009).
 */
@ExtendWith(Postgres.class)
class ShopContractIT {
    private static final String HISTORY = "cdc_source_schema_history";

    @Test
    void the_testkit_contract_fixture_holds_exactly_the_shop_migrations() {
        List<Map<String, Object>> ours = migrations("classpath:db/cdc-source");
        List<Map<String, Object>> fixture = migrations("classpath:db/contracts/shop");

        assertThat(fixture)
                .as("sluice-testkit's db/contracts/shop must be a verbatim copy of db/cdc-source")
                .isEqualTo(ours)
                .isNotEmpty();
    }

    private static List<Map<String, Object>> migrations(String location) {
        TestDatabase db = Postgres.freshDatabase("shop_contract");
        DatabaseConfig config = new DatabaseConfig(
                db.host(), db.port(), db.name(), db.user(), db.password(), 2, Duration.ofSeconds(5), false);
        try (Database database = Database.connect(config, "test", new SimpleMeterRegistry(), Duration.ofSeconds(30))) {
            database.migrate(HISTORY, location);
        }
        return db.query("SELECT version, script, checksum FROM " + HISTORY + " ORDER BY installed_rank");
    }
}
