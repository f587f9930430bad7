package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.cdc.SourcePosition;
import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link SearchStore} and {@link SearchQuery}, held against any store: a store's test extends this class
 * and says how to create a fresh, empty store ({@link SearchStore#migrate} is called next). Positions here use the
 * same LSN as commit and change LSN unless a test says otherwise.
 *
 * <p>Counting ({@link Indexed}): every version of a batch is counted once. Per product, only the newest version of the
 * batch can change the index: it counts as indexed (or deleted) when it is after the stored version, else as stale;
 * the product's other versions in the batch count as stale. So {@code indexed + deleted + stale == batch size}.
 *
 * <p>Paging: {@link SearchPage#nextCursor()} is non-null exactly when more results follow.
 */
public abstract class SearchStoreContract {
    protected static final String PRODUCTS = "dbserver1.public.products";

    protected SearchStore store;
    private long nextOffset;

    /** A new store over empty storage. */
    protected abstract SearchStore createStore();

    @BeforeEach
    void openStore() {
        store = createStore();
        store.migrate();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // ---- the item ----

    @Test
    void every_attribute_of_the_seed_item_is_indexed() {
        Instant before = Instant.now();
        Indexed indexed = apply(product(7, 100, "High-Performance Wireless Mouse", "Ergonomic, 2.4 GHz", "29.99", 150));
        Instant after = Instant.now();

        assertThat(indexed).isEqualTo(new Indexed(1, 0, 0));
        ProductDocument d = store.find(7).orElseThrow();
        assertThat(d.productId()).isEqualTo(7);
        assertThat(d.name()).isEqualTo("High-Performance Wireless Mouse");
        assertThat(d.nameLower()).isEqualTo("high-performance wireless mouse");
        assertThat(d.description()).isEqualTo("Ergonomic, 2.4 GHz");
        assertThat(d.priceCents()).isEqualTo(2999);
        assertThat(d.priceDisplay()).isEqualTo("$29.99");
        assertThat(d.stockQuantity()).isEqualTo(150);
        assertThat(d.searchTokens())
                .containsExactlyInAnyOrder("high", "performance", "wireless", "mouse", "ergonomic", "2", "4", "ghz");
        assertThat(d.indexedAt()).isBetween(before.minusSeconds(1), after.plusSeconds(1));
        assertThat(d.cdcTimestamp()).isEqualTo(1000L);
        assertThat(d.position()).isEqualTo(at(100));
    }

    @Test
    void a_missing_name_is_empty_and_a_missing_description_and_cdc_timestamp_are_null() {
        apply(change(new ProductVersion(3, at(100), false, null, null, new BigDecimal("5.00"), 0, null, 1)));

        ProductDocument d = store.find(3).orElseThrow();
        assertThat(d.name()).isEmpty();
        assertThat(d.nameLower()).isEmpty();
        assertThat(d.description()).isNull();
        assertThat(d.cdcTimestamp()).isNull();
        assertThat(d.searchTokens()).isEmpty();
        assertThat(d.stockQuantity()).isZero();
        assertThat(store.find(4)).isEmpty();
    }

    @Test
    void prices_are_exact_cents_and_price_ranges_include_their_bounds() {
        String[] prices = {"19.99", "0.29", "4.35", "1299.99", "0.01", "20.00"};
        long[] cents = {1999, 29, 435, 129999, 1, 2000};
        String[] displays = {"$19.99", "$0.29", "$4.35", "$1299.99", "$0.01", "$20.00"};
        for (int i = 0; i < prices.length; i++) {
            apply(product(i + 1, 100 + i, "Cable " + i, null, prices[i], 5));
        }

        for (int i = 0; i < prices.length; i++) {
            ProductDocument d = store.find(i + 1).orElseThrow();
            assertThat(d.priceCents()).as(prices[i]).isEqualTo(cents[i]);
            assertThat(d.priceDisplay()).isEqualTo(displays[i]);
        }
        assertThat(ids(search(query("cable").min(1999L).max(1999L)))).containsExactly(1L);
        assertThat(ids(search(query("cable").min(29L).max(435L)))).containsExactly(2L, 3L);
        assertThat(ids(search(query("cable").max(29L)))).containsExactly(2L, 5L);
        assertThat(ids(search(query("cable").min(2000L)))).containsExactly(4L, 6L);
        assertThat(ids(search(query("cable").min(1999L).max(2000L)))).containsExactly(1L, 6L);
        assertThat(ids(search(query("cable").min(2001L).max(129998L)))).isEmpty();
    }

    @Test
    void the_tokeniser_examples_are_found_by_their_tokens() {
        apply(
                product(1, 100, "High-Performance Wireless Mouse", null, "29.99", 5),
                product(2, 101, "27-inch 4K monitor", null, "299.99", 5),
                product(3, 102, "Café crème", "Tasse", "3.50", 5));

        assertThat(store.find(1).orElseThrow().searchTokens())
                .containsExactlyInAnyOrder("high", "performance", "wireless", "mouse");
        assertThat(store.find(2).orElseThrow().searchTokens()).containsExactlyInAnyOrder("27", "inch", "4k", "monitor");
        assertThat(store.find(3).orElseThrow().searchTokens()).containsExactlyInAnyOrder("café", "crème", "tasse");
        assertThat(ids(search(query("performance")))).containsExactly(1L);
        assertThat(ids(search(query("4K")))).containsExactly(2L);
        assertThat(ids(search(query("27")))).containsExactly(2L);
        assertThat(ids(search(query("CAFÉ")))).containsExactly(3L);
        assertThat(ids(search(query("crème")))).containsExactly(3L);
        assertThat(ids(search(query("cafe")))).as("no accent folding").isEmpty();
        assertThat(ids(search(query("high-performance")))).containsExactly(1L);
    }

    // ---- versions ----

    @Test
    void the_newest_version_wins_whatever_the_arrival_order_and_stale_ones_are_counted() {
        apply(product(1, 300, "Laptop Pro", "new", "1199.99", 5));

        Indexed late = apply(product(1, 200, "Laptop", "old", "999.99", 9));

        assertThat(late).isEqualTo(new Indexed(0, 0, 1));
        ProductDocument d = store.find(1).orElseThrow();
        assertThat(d.name()).isEqualTo("Laptop Pro");
        assertThat(d.priceCents()).isEqualTo(119999);
        assertThat(d.position()).isEqualTo(at(300));
        assertThat(ids(search(query("old")))).isEmpty();
        assertThat(ids(search(query("new")))).containsExactly(1L);
    }

    @Test
    void within_one_batch_the_newest_version_of_a_product_wins_and_the_others_are_stale() {
        Indexed indexed = apply(
                product(1, 300, "Laptop Pro", "new", "1199.99", 5),
                product(2, 310, "Mouse", null, "9.99", 5),
                product(1, 200, "Laptop", "old", "999.99", 9),
                product(1, 250, "Laptop", "older", "999.99", 9),
                product(2, 320, "Mouse Two", null, "9.99", 5));

        assertThat(indexed).isEqualTo(new Indexed(2, 0, 3));
        assertThat(store.find(1).orElseThrow().name()).isEqualTo("Laptop Pro");
        assertThat(store.find(2).orElseThrow().name()).isEqualTo("Mouse Two");
    }

    @Test
    void an_update_replaces_the_tokens_price_and_stock_it_is_found_by() {
        apply(product(1, 100, "Wireless Mouse", "blue", "19.99", 5));

        apply(product(1, 200, "Wired Keyboard", "black", "49.99", 0));

        assertThat(ids(search(query("mouse")))).isEmpty();
        assertThat(ids(search(query("blue")))).isEmpty();
        assertThat(ids(search(query("keyboard")))).containsExactly(1L);
        assertThat(ids(search(query("keyboard").max(1999L)))).isEmpty();
        assertThat(ids(search(query("keyboard").min(4999L)))).containsExactly(1L);
        assertThat(ids(search(query("keyboard").inStock()))).isEmpty();
    }

    @Test
    void a_commit_position_unknown_on_either_side_compares_by_change_lsn() {
        apply(change(version(1, new SourcePosition(500, 200), "First", "1.00")));

        Indexed later = apply(change(version(1, new SourcePosition(0, 230), "Second", "1.00")));
        Indexed earlier = apply(change(version(1, new SourcePosition(0, 220), "Third", "1.00")));
        Indexed known = apply(change(version(1, new SourcePosition(600, 240), "Fourth", "1.00")));

        assertThat(later.indexed()).isEqualTo(1);
        assertThat(earlier.stale()).isEqualTo(1);
        assertThat(known.indexed()).isEqualTo(1);
        assertThat(store.find(1).orElseThrow().name()).isEqualTo("Fourth");
    }

    @Test
    void a_snapshot_read_is_replaced_by_a_later_streamed_change() {
        apply(change(version(1, new SourcePosition(0, 5000), "Snapshot", "1.00")));

        apply(change(version(1, new SourcePosition(4900, 6000), "Streamed", "1.00")));

        assertThat(store.find(1).orElseThrow().name()).isEqualTo("Streamed");
    }

    // ---- deletions ----

    @Test
    void a_deleted_product_is_never_found_nor_searched() {
        apply(
                product(1, 100, "Wireless Mouse", null, "19.99", 5),
                product(2, 101, "Wireless Keyboard", null, "9.99", 5));

        Indexed deleted = apply(deleted(1, 200));

        assertThat(deleted).isEqualTo(new Indexed(0, 1, 0));
        assertThat(store.find(1)).isEmpty();
        assertThat(ids(search(query("wireless")))).containsExactly(2L);
        assertThat(ids(search(query("mouse")))).isEmpty();
    }

    @Test
    void a_delete_then_a_late_update_stays_deleted() {
        apply(product(1, 100, "Wireless Mouse", null, "19.99", 5));
        apply(deleted(1, 300));

        Indexed late = apply(product(1, 200, "Wireless Mouse", "late", "19.99", 5));

        assertThat(late).isEqualTo(new Indexed(0, 0, 1));
        assertThat(store.find(1)).isEmpty();
        assertThat(ids(search(query("mouse")))).isEmpty();
    }

    @Test
    void a_delete_of_a_product_never_seen_leaves_a_tombstone_that_an_older_insert_cannot_pass() {
        Indexed deleted = apply(deleted(5, 300));
        Indexed late = apply(product(5, 100, "Ghost", null, "1.00", 5));

        assertThat(deleted).isEqualTo(new Indexed(0, 1, 0));
        assertThat(late).isEqualTo(new Indexed(0, 0, 1));
        assertThat(store.find(5)).isEmpty();
        assertThat(ids(search(query("ghost")))).isEmpty();
    }

    @Test
    void a_re_insert_newer_than_the_tombstone_brings_the_product_back() {
        apply(product(1, 100, "Wireless Mouse", null, "19.99", 5));
        apply(deleted(1, 200));

        Indexed back = apply(product(1, 300, "Wireless Mouse", "again", "17.50", 3));

        assertThat(back).isEqualTo(new Indexed(1, 0, 0));
        ProductDocument d = store.find(1).orElseThrow();
        assertThat(d.description()).isEqualTo("again");
        assertThat(d.priceCents()).isEqualTo(1750);
        assertThat(ids(search(query("again")))).containsExactly(1L);
        assertThat(ids(search(query("mouse")))).containsExactly(1L);
    }

    @Test
    void a_delete_and_a_re_insert_in_one_batch_keep_the_newest() {
        Indexed indexed = apply(
                product(1, 100, "Mouse", null, "1.00", 1),
                deleted(1, 200),
                product(2, 110, "Mouse", null, "1.00", 1),
                product(2, 300, "Mouse", null, "1.00", 1),
                deleted(2, 210));

        assertThat(indexed).isEqualTo(new Indexed(1, 1, 3));
        assertThat(store.find(1)).isEmpty();
        assertThat(store.find(2)).isPresent();
        assertThat(ids(search(query("mouse")))).containsExactly(2L);
    }

    @Test
    void purging_removes_tombstones_deleted_before_the_cut_and_nothing_else() {
        apply(product(1, 100, "Mouse", null, "1.00", 1), product(2, 110, "Mouse", null, "1.00", 1));
        apply(deleted(1, 200));

        assertThat(store.purgeTombstones(Instant.now().minusSeconds(3600))).isZero();
        assertThat(apply(product(1, 150, "Mouse", "late", "1.00", 1)).stale())
                .as("the tombstone is still there")
                .isEqualTo(1);

        assertThat(store.purgeTombstones(Instant.now().plusSeconds(3600))).isEqualTo(1);
        assertThat(store.purgeTombstones(Instant.now().plusSeconds(3600))).isZero();
        assertThat(store.find(1)).isEmpty();
        assertThat(store.find(2)).isPresent();
        assertThat(ids(search(query("mouse")))).containsExactly(2L);

        // After the retention a very late update is indexed again: the retention must exceed the topic's lag.
        assertThat(apply(product(1, 150, "Mouse", "late", "1.00", 1)).indexed()).isEqualTo(1);
        assertThat(store.find(1)).isPresent();
    }

    // ---- replays ----

    @Test
    void replaying_the_same_batch_changes_nothing_and_counts_every_version_stale() {
        List<Decoded<ProductVersion>> all = scenario();
        store.apply(Batch.of(all));
        Map<Long, Optional<ProductDocument>> first = documents();
        List<SearchHit> hits = search(query("mouse keyboard").limit(100)).hits();

        Indexed again = store.apply(Batch.of(all));

        assertThat(again).isEqualTo(new Indexed(0, 0, all.size()));
        assertThat(documents()).isEqualTo(first);
        assertThat(search(query("mouse keyboard").limit(100)).hits()).isEqualTo(hits);
    }

    @Test
    void one_batch_of_everything_gives_the_same_index_as_one_version_at_a_time() {
        for (Decoded<ProductVersion> d : scenario()) {
            apply(d);
        }
        Map<Long, Optional<ProductDocument>> oneByOne = withoutIndexedAt(documents());
        List<Long> found = ids(search(query("mouse keyboard wire").limit(100)));
        closeStore();
        openStore();

        store.apply(Batch.of(scenario()));

        assertThat(withoutIndexedAt(documents())).isEqualTo(oneByOne);
        assertThat(ids(search(query("mouse keyboard wire").limit(100)))).isEqualTo(found);
    }

    // ---- search ----

    @Test
    void products_matching_every_token_rank_first_then_by_matched_tokens_then_by_id() {
        apply(
                product(1, 100, "Wireless Keyboard", null, "10.00", 1),
                product(2, 101, "Wireless Mouse", "ergonomic", "10.00", 1),
                product(3, 102, "Mouse Pad", null, "10.00", 1),
                product(4, 103, "Ergonomic Wireless Mouse", null, "10.00", 1),
                product(5, 104, "Monitor", null, "10.00", 1));

        SearchPage page = search(query("ergonomic wireless mouse"));

        assertThat(ids(page)).containsExactly(2L, 4L, 1L, 3L);
        assertThat(page.hits()).extracting(SearchHit::matched).containsExactly(3, 3, 1, 1);
        assertThat(page.hits()).extracting(SearchHit::score).containsExactly(1.0, 1.0, 1.0 / 3, 1.0 / 3);
        assertThat(page.hits().getFirst().product()).isEqualTo(store.find(2).orElseThrow());
        assertThat(page.nextCursor()).isNull();
        assertThat(search(query("wireless mouse")).hits())
                .extracting(SearchHit::score)
                .containsExactly(1.0, 1.0, 0.5, 0.5);
    }

    @Test
    void only_the_last_token_matches_as_a_prefix() {
        apply(
                product(1, 100, "Wireless Mouse", null, "10.00", 1),
                product(2, 101, "Wire Cutter", null, "10.00", 1),
                product(3, 102, "Mousetrap", null, "10.00", 1));

        assertThat(ids(search(query("wire")))).containsExactly(1L, 2L);
        assertThat(ids(search(query("wireless")))).containsExactly(1L);
        SearchPage wireMouse = search(query("wire mouse"));
        assertThat(ids(wireMouse)).as("wire is exact here, mouse a prefix").containsExactly(1L, 2L, 3L);
        assertThat(wireMouse.hits()).extracting(SearchHit::matched).containsExactly(1, 1, 1);
        SearchPage mouseWire = search(query("mouse wire"));
        assertThat(ids(mouseWire)).containsExactly(1L, 2L);
        assertThat(mouseWire.hits()).extracting(SearchHit::matched).containsExactly(2, 1);
        assertThat(ids(search(query("wir cutter")))).as("wir is not a token").containsExactly(2L);
        assertThat(ids(search(query("x")))).isEmpty();
    }

    @Test
    void a_prefix_is_matched_character_by_character_not_as_a_pattern() {
        apply(
                product(1, 100, "foo_bar", null, "10.00", 1),
                product(2, 101, "fooxbar", null, "10.00", 1),
                product(3, 102, "crème brûlée", null, "10.00", 1),
                product(4, 103, "crêpe", null, "10.00", 1),
                product(5, 104, "crf", null, "10.00", 1));

        assertThat(ids(search(query("foo_")))).containsExactly(1L);
        assertThat(ids(search(query("foo")))).containsExactly(1L, 2L);
        assertThat(ids(search(query("crè")))).containsExactly(3L);
        assertThat(ids(search(query("cr")))).containsExactly(3L, 4L, 5L);
        assertThat(ids(search(query("brû")))).containsExactly(3L);
    }

    @Test
    void the_in_stock_filter_keeps_products_with_stock_above_zero() {
        apply(
                product(1, 100, "Mouse", null, "10.00", 0),
                product(2, 101, "Mouse", null, "10.00", 1),
                product(3, 102, "Mouse", null, "10.00", -2));

        assertThat(ids(search(query("mouse").inStock()))).containsExactly(2L);
        assertThat(ids(search(query("mouse")))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void filters_apply_before_the_limit_so_a_page_is_full_when_enough_products_pass() {
        for (int i = 1; i <= 30; i++) {
            apply(product(i, 100 + i, "Mouse " + i, null, i % 3 == 0 ? "5.00" : "50.00", 1));
        }

        SearchPage page = search(query("mouse").max(500L).limit(5));

        assertThat(ids(page)).containsExactly(3L, 6L, 9L, 12L, 15L);
        assertThat(page.nextCursor()).isNotNull();
    }

    @Test
    void pages_walk_every_result_once_in_ranking_order_across_equal_scores() {
        List<Decoded<ProductVersion>> batch = new ArrayList<>();
        for (int i = 1; i <= 23; i++) {
            String name = i % 4 == 0 ? "Wireless Mouse " + i : i % 4 == 1 ? "Mouse " + i : "Wireless Thing " + i;
            batch.add(product(i, 100 + i, name, null, "10.00", 1));
        }
        store.apply(Batch.of(batch));
        List<Long> expected = ids(search(query("wireless mouse").limit(100)));
        assertThat(expected).hasSize(23);
        assertThat(expected.subList(0, 5)).containsExactly(4L, 8L, 12L, 16L, 20L);

        for (int limit : new int[] {1, 2, 5, 7, 23}) {
            List<Long> walked = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                SearchPage page = search(query("wireless mouse").limit(limit).cursor(cursor));
                assertThat(page.hits().size()).isLessThanOrEqualTo(limit);
                assertThat(page.hits()).isNotEmpty();
                walked.addAll(ids(page));
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null);
            assertThat(walked).as("limit " + limit).isEqualTo(expected);
            assertThat(pages).isEqualTo((23 + limit - 1) / limit);
        }
    }

    @Test
    void the_cursor_is_the_last_results_matched_tokens_and_id() {
        apply(
                product(1, 100, "Wireless Mouse", null, "10.00", 1),
                product(2, 101, "Mouse", null, "10.00", 1),
                product(3, 102, "Mouse", null, "10.00", 1));

        SearchPage first = search(query("wireless mouse").limit(2));

        assertThat(SearchCursor.decode(first.nextCursor())).isEqualTo(new SearchCursor(1, 2));
        assertThat(ids(search(query("wireless mouse").limit(2).cursor(new SearchCursor(2, 1).encode()))))
                .containsExactly(2L, 3L);
        assertThat(ids(search(query("wireless mouse").limit(2).cursor(new SearchCursor(1, 3).encode()))))
                .isEmpty();
    }

    @Test
    void a_cursor_that_does_not_decode_is_rejected() {
        apply(product(1, 100, "Mouse", null, "10.00", 1));

        assertThatThrownBy(() -> search(query("mouse").cursor("not a cursor")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers ----

    /** Products of every kind, out of order, deletes, a late update after a delete, a re-insert, a rename. */
    protected List<Decoded<ProductVersion>> scenario() {
        return List.of(
                product(1, 100, "Wireless Mouse", "ergonomic", "19.99", 5),
                product(2, 110, "Wireless Keyboard", null, "49.99", 0),
                product(1, 300, "Wireless Mouse Pro", "ergonomic", "29.99", 4),
                product(1, 200, "Wireless Mouse", "older", "24.99", 5),
                product(3, 120, "Mouse Pad", "cloth", "4.35", 10),
                deleted(3, 400),
                product(3, 350, "Mouse Pad", "late", "4.35", 10),
                product(4, 130, "Wire Cutter", null, "0.29", 1),
                deleted(4, 500),
                product(4, 600, "Wire Cutter", "back", "0.29", 1),
                deleted(9, 700),
                product(9, 650, "Keyboard", null, "1.00", 1),
                product(2, 800, "Keyboard Deluxe", null, "59.99", 2));
    }

    @SafeVarargs
    @SuppressWarnings("varargs") // the array only becomes a list, never stored or exposed
    protected final Indexed apply(Decoded<ProductVersion>... versions) {
        return store.apply(Batch.of(Arrays.asList(versions)));
    }

    protected SearchPage search(QueryBuilder q) {
        return store.search(q.build());
    }

    protected static List<Long> ids(SearchPage page) {
        return page.hits().stream().map(h -> h.product().productId()).toList();
    }

    /** Every product id the tests use, found or not. */
    private Map<Long, Optional<ProductDocument>> documents() {
        Map<Long, Optional<ProductDocument>> out = new HashMap<>();
        for (long id = 1; id <= 10; id++) {
            out.put(id, store.find(id));
        }
        return out;
    }

    private static Map<Long, Optional<ProductDocument>> withoutIndexedAt(Map<Long, Optional<ProductDocument>> docs) {
        Map<Long, Optional<ProductDocument>> out = new HashMap<>();
        docs.forEach((id, d) -> out.put(
                id,
                d.map(p -> new ProductDocument(
                        p.productId(),
                        p.name(),
                        p.nameLower(),
                        p.description(),
                        p.priceCents(),
                        p.priceDisplay(),
                        p.stockQuantity(),
                        p.searchTokens().stream().sorted().toList(),
                        Instant.EPOCH,
                        p.cdcTimestamp(),
                        p.position()))));
        return out;
    }

    protected static QueryBuilder query(String q) {
        return new QueryBuilder(q);
    }

    /** A {@link SearchQuery} with defaults: no filters, limit 10, first page. */
    protected static final class QueryBuilder {
        private final String q;
        private Long min;
        private Long max;
        private boolean inStock;
        private int limit = 10;
        private String cursor;

        QueryBuilder(String q) {
            this.q = q;
        }

        public QueryBuilder min(Long cents) {
            this.min = cents;
            return this;
        }

        public QueryBuilder max(Long cents) {
            this.max = cents;
            return this;
        }

        public QueryBuilder inStock() {
            this.inStock = true;
            return this;
        }

        public QueryBuilder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public QueryBuilder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        public SearchQuery build() {
            return new SearchQuery(SearchTokens.of(q), min, max, inStock, limit, cursor);
        }
    }

    protected static SourcePosition at(long lsn) {
        return new SourcePosition(lsn, lsn);
    }

    protected static ProductVersion version(long id, SourcePosition position, String name, String price) {
        return new ProductVersion(id, position, false, name, null, new BigDecimal(price), 1, null, 1);
    }

    protected Decoded<ProductVersion> product(
            long id, long lsn, String name, String description, String price, long stock) {
        return change(
                new ProductVersion(id, at(lsn), false, name, description, new BigDecimal(price), stock, lsn * 10, lsn));
    }

    protected Decoded<ProductVersion> deleted(long id, long lsn) {
        return change(new ProductVersion(id, at(lsn), true, null, null, null, 0, null, lsn));
    }

    protected Decoded<ProductVersion> change(ProductVersion version) {
        long offset = nextOffset++;
        byte[] value = version.toString().getBytes(StandardCharsets.UTF_8);
        byte[] key = Long.toString(version.productId()).getBytes(StandardCharsets.UTF_8);
        return new Decoded<>(new ConsumerRecord<>(PRODUCTS, 0, offset, key, value), version);
    }
}
