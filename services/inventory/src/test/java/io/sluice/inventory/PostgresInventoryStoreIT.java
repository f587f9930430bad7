package io.sluice.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.core.consumer.Batch;
import io.sluice.db.Database;
import io.sluice.db.DatabaseConfig;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract against PostgreSQL, plus what only this store promises: offsets in the batch's transaction. */
@ExtendWith(Postgres.class)
class PostgresInventoryStoreIT extends InventoryStoreContract {
    private TestDatabase db;
    private Database database;

    @Override
    protected InventoryStore createStore(int lowStockThreshold) {
        db = Postgres.freshDatabase("inventory_store");
        database = Database.connect(
                new DatabaseConfig(
                        db.host(), db.port(), db.name(), db.user(), db.password(), 4, Duration.ofSeconds(5), false),
                "test",
                new SimpleMeterRegistry(),
                Duration.ofSeconds(30));
        return new PostgresInventoryStore(database, "g", lowStockThreshold);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void offsets_are_stored_with_the_changes() {
        store.apply(Batch.of(List.of(product(1, 100, 50), item(10, 1, 3, 200))));

        Map<TopicPartition, Long> stored = store.offsetStore()
                .orElseThrow()
                .load(Set.of(new TopicPartition(PRODUCTS, 0), new TopicPartition(ITEMS, 0)));

        assertThat(stored)
                .containsEntry(new TopicPartition(PRODUCTS, 0), 1L)
                .containsEntry(new TopicPartition(ITEMS, 0), 1L);
        assertThat(db.count("SELECT count(*) FROM inventory_ledger")).isEqualTo(1);
    }
}
