package io.sluice.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.cdc.SourcePosition;
import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import io.sluice.db.Database;
import io.sluice.db.DatabaseConfig;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract against PostgreSQL, plus what only this store promises: offsets in the batch's transaction. */
@ExtendWith(Postgres.class)
class PostgresInventoryStoreIT extends InventoryStoreContract {
    private static TestDatabase db;
    private static Database database;

    /** One database for the class (a fresh one per test costs a second or two), emptied before each test. */
    @Override
    protected InventoryStore createStore(int lowStockThreshold) {
        if (database == null) {
            db = Postgres.freshDatabase("inventory_store");
            database = Database.connect(
                    new DatabaseConfig(
                            db.host(), db.port(), db.name(), db.user(), db.password(), 4, Duration.ofSeconds(5), false),
                    "test",
                    new SimpleMeterRegistry(),
                    Duration.ofSeconds(30));
        } else {
            db.execute("TRUNCATE inventory_products, inventory_order_items, inventory_ledger, inventory_pending,"
                    + " inventory_low_stock_outbox, sluice_offsets");
        }
        return new PostgresInventoryStore(database, "g", lowStockThreshold);
    }

    @AfterAll
    static void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void a_products_writer_and_an_items_writer_at_once_serialise_per_product_and_lose_no_update() throws Exception {
        int products = 20;
        List<Decoded<InventoryChange>> initial = new ArrayList<>();
        for (int p = 1; p <= products; p++) {
            initial.add(product(p, 100 + p, 1000));
        }
        store.apply(Batch.of(initial));
        List<List<Decoded<InventoryChange>>> catalogue = new ArrayList<>();
        List<List<Decoded<InventoryChange>>> orders = new ArrayList<>();
        Map<Long, Long> taken = new HashMap<>();
        for (int b = 0; b < 40; b++) {
            List<Decoded<InventoryChange>> names = new ArrayList<>();
            List<Decoded<InventoryChange>> items = new ArrayList<>();
            for (int p = 1; p <= products; p++) {
                names.add(product(p, 10_000 + b * 100L + p, 1000, "Name " + b, "9.99"));
            }
            for (int i = 0; i < 15; i++) {
                long item = b * 100L + i;
                long product = 1 + (item * 7) % products;
                items.add(item(item, product, 1 + i % 3, 20_000 + item));
                taken.merge(product, 1L + i % 3, Long::sum);
            }
            catalogue.add(names);
            orders.add(items);
        }

        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<?> a = pool.submit(() -> catalogue.forEach(batch -> store.apply(Batch.of(batch))));
            Future<?> b = pool.submit(() -> orders.forEach(batch -> store.apply(Batch.of(batch))));
            a.get(60, TimeUnit.SECONDS);
            b.get(60, TimeUnit.SECONDS);
        }

        for (int p = 1; p <= products; p++) {
            assertThat(stock(p)).as("product " + p).isEqualTo(1000 - taken.getOrDefault((long) p, 0L));
            assertThat(store.find(p).orElseThrow().name()).isEqualTo("Name 39");
        }
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

    @Test
    void a_stock_change_prunes_the_ledger_rows_at_or_before_it_and_a_replay_gives_the_same_stock() {
        List<Decoded<InventoryChange>> first = List.of(
                product(1, 100, 50),
                item(10, 1, 3, 200),
                item(11, 1, 2, 210),
                // Commit LSN unknown on one side: positions compare by change LSN (SourcePosition.isAfter).
                productAt(2, new SourcePosition(0, 100), 20),
                itemAt(20, 2, 1, new SourcePosition(500, 200)),
                itemAt(22, 2, 3, new SourcePosition(0, 230)));
        List<Decoded<InventoryChange>> second = List.of(
                item(12, 1, 1, 320),
                product(1, 300, 40),
                itemAt(21, 2, 2, new SourcePosition(0, 320)),
                productAt(2, new SourcePosition(0, 300), 30));
        List<Decoded<InventoryChange>> third = List.of(item(13, 1, 4, 250), item(14, 1, 5, 400));

        store.apply(Batch.of(first));
        assertThat(stock(1)).isEqualTo(45);
        assertThat(stock(2)).isEqualTo(16);
        assertThat(ledger()).containsExactly("1:200/200:10", "1:210/210:11", "2:0/230:22", "2:500/200:20");

        store.apply(Batch.of(second));
        assertThat(stock(1)).isEqualTo(39);
        assertThat(stock(2)).isEqualTo(28);
        assertThat(ledger())
                .as("rows at or before the new stock positions")
                .containsExactly("1:320/320:12", "2:0/320:21");

        store.apply(Batch.of(third));
        assertThat(stock(1))
                .as("a late item before the stock change does not count")
                .isEqualTo(34);
        assertThat(ledger()).containsExactly("1:250/250:13", "1:320/320:12", "1:400/400:14", "2:0/320:21");

        List<Decoded<InventoryChange>> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(third);
        store.apply(Batch.of(first));
        store.apply(Batch.of(second));
        store.apply(Batch.of(third));
        store.apply(Batch.of(all));
        assertThat(stock(1)).isEqualTo(34);
        assertThat(stock(2)).isEqualTo(28);
        assertThat(ledger()).containsExactly("1:250/250:13", "1:320/320:12", "1:400/400:14", "2:0/320:21");
    }

    private Decoded<InventoryChange> productAt(long id, SourcePosition position, long stock) {
        return change(
                PRODUCTS, new ProductChange(id, position, false, "Mouse", "desc", new BigDecimal("9.99"), stock, 1000));
    }

    private Decoded<InventoryChange> itemAt(long itemId, long productId, long quantity, SourcePosition position) {
        return change(ITEMS, new ItemChange(itemId, productId, quantity, false, position));
    }

    /** The ledger as product:commit/change:item, in that order. */
    private static List<String> ledger() {
        return db
                .query("SELECT product_id || ':' || commit_lsn || '/' || change_lsn || ':' || item_id AS entry"
                        + " FROM inventory_ledger ORDER BY product_id, commit_lsn, change_lsn, item_id")
                .stream()
                .map(r -> (String) r.get("entry"))
                .toList();
    }
}
