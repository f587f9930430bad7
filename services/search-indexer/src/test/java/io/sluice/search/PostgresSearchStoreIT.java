package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import io.sluice.db.Database;
import io.sluice.db.DatabaseConfig;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
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
class PostgresSearchStoreIT extends SearchStoreContract {
    private static TestDatabase db;
    private static Database database;

    /** One database for the class (a fresh one per test costs a second or two), emptied before each test. */
    @Override
    protected SearchStore createStore() {
        if (database == null) {
            db = Postgres.freshDatabase("search_store");
            database = Database.connect(
                    new DatabaseConfig(
                            db.host(), db.port(), db.name(), db.user(), db.password(), 4, Duration.ofSeconds(5), false),
                    "test",
                    new SimpleMeterRegistry(),
                    Duration.ofSeconds(30));
        } else {
            db.execute("TRUNCATE search_products, search_postings, sluice_offsets");
        }
        return new PostgresSearchStore(database, "g");
    }

    @AfterAll
    static void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void offsets_are_stored_with_the_versions() {
        apply(product(1, 100, "Mouse", null, "1.00", 1), deleted(2, 101));

        Map<TopicPartition, Long> stored =
                store.offsetStore().orElseThrow().load(Set.of(new TopicPartition(PRODUCTS, 0)));

        assertThat(stored).containsEntry(new TopicPartition(PRODUCTS, 0), 2L);
    }

    @Test
    void postings_hold_exactly_the_live_products_tokens_with_their_price_and_stock() {
        apply(
                product(1, 100, "Wireless Mouse", "blue", "19.99", 5),
                product(2, 101, "Pad", null, "4.35", 0),
                product(3, 102, "Cable", null, "0.29", 1));
        apply(product(1, 200, "Wireless Keyboard", null, "49.99", 0), deleted(3, 201));

        assertThat(postings()).containsExactly("keyboard:1:4999:false", "pad:2:435:false", "wireless:1:4999:false");
    }

    @Test
    void a_change_that_keeps_price_and_in_stock_adds_only_new_tokens_and_a_change_of_either_rewrites_them() {
        apply(product(1, 100, "Mouse", null, "19.99", 5));
        String xmin = xminOfMouse();

        apply(product(1, 200, "Mouse Pad", null, "19.99", 3));
        assertThat(postings()).containsExactly("mouse:1:1999:true", "pad:1:1999:true");
        assertThat(xminOfMouse()).as("the kept posting was not rewritten").isEqualTo(xmin);

        apply(product(1, 300, "Mouse Pad", null, "19.99", 0));
        assertThat(postings()).containsExactly("mouse:1:1999:false", "pad:1:1999:false");

        apply(product(1, 400, "Mouse Pad", null, "17.50", 0));
        assertThat(postings()).containsExactly("mouse:1:1750:false", "pad:1:1750:false");
        assertThat(ids(search(query("pad").max(1750L)))).containsExactly(1L);
        assertThat(ids(search(query("pad").inStock()))).isEmpty();
    }

    @Test
    void two_writers_at_once_lose_no_version_and_leave_no_stray_posting() throws Exception {
        int products = 20;
        List<List<Decoded<ProductVersion>>> a = new ArrayList<>();
        List<List<Decoded<ProductVersion>>> b = new ArrayList<>();
        for (int round = 0; round < 30; round++) {
            List<Decoded<ProductVersion>> left = new ArrayList<>();
            List<Decoded<ProductVersion>> right = new ArrayList<>();
            for (int p = 1; p <= products; p++) {
                left.add(product(p, 1000 + round * 10L, "Alpha" + round + " thing", null, "1.00", 1));
                right.add(product(p, 1005 + round * 10L, "Beta" + round + " thing", null, "2.00", 1));
            }
            a.add(left);
            b.add(right);
        }

        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<?> fa = pool.submit(() -> a.forEach(batch -> store.apply(Batch.of(batch))));
            Future<?> fb = pool.submit(() -> b.forEach(batch -> store.apply(Batch.of(batch))));
            fa.get(60, TimeUnit.SECONDS);
            fb.get(60, TimeUnit.SECONDS);
        }

        for (int p = 1; p <= products; p++) {
            assertThat(store.find(p).orElseThrow().name()).isEqualTo("Beta29 thing");
        }
        assertThat(db.count("SELECT count(*) FROM search_postings")).isEqualTo(2L * products);
        assertThat(db.count("SELECT count(*) FROM search_postings WHERE token NOT IN ('beta29', 'thing')"))
                .isZero();
    }

    @Test
    void a_prefix_successor_increments_the_last_code_point() {
        assertThat(PostgresSearch.successor("wire")).isEqualTo("wirf");
        assertThat(PostgresSearch.successor("crè")).isEqualTo("cré");
        assertThat(PostgresSearch.successor("a\uD7FF")).isEqualTo("a\uE000");
        assertThat(PostgresSearch.successor("x\uD83D\uDE00")).isEqualTo("x\uD83D\uDE01");
        assertThat(PostgresSearch.successor("x" + Character.toString(Character.MAX_CODE_POINT)))
                .isNull();
    }

    private static String xminOfMouse() {
        return (String) db.query("SELECT xmin::text AS x FROM search_postings WHERE token = 'mouse'")
                .getFirst()
                .get("x");
    }

    private static List<String> postings() {
        return db
                .query("SELECT token || ':' || product_id || ':' || price_cents || ':' || in_stock AS p"
                        + " FROM search_postings ORDER BY token, product_id")
                .stream()
                .map(r -> (String) r.get("p"))
                .toList();
    }
}
