package io.sluice.search;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.db.Database;
import io.sluice.db.DatabaseConfig;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract against PostgreSQL with every search taking the frequent-token path (complete matches first, in id
 * order, then the counted partial matches), which real data takes only past {@link PostgresSearch#FEW} postings.
 */
@ExtendWith(Postgres.class)
class PostgresFrequentTokensIT extends SearchStoreContract {
    private static TestDatabase db;
    private static Database database;

    @Override
    protected SearchStore createStore() {
        if (database == null) {
            db = Postgres.freshDatabase("search_frequent");
            database = Database.connect(
                    new DatabaseConfig(
                            db.host(), db.port(), db.name(), db.user(), db.password(), 4, Duration.ofSeconds(5), false),
                    "test",
                    new SimpleMeterRegistry(),
                    Duration.ofSeconds(30));
        } else {
            db.execute("TRUNCATE search_products, search_postings, sluice_offsets");
        }
        return new PostgresSearchStore(database, "g", 0);
    }

    @AfterAll
    static void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
