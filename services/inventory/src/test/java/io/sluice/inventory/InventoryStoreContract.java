package io.sluice.inventory;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stock rules of ADR 0011, held against any {@link InventoryStore}: a store's test extends this class and says
 * how to create a fresh, empty store. Positions here use the same LSN as commit and change LSN unless a test says
 * otherwise.
 */
public abstract class InventoryStoreContract {
    protected static final int THRESHOLD = 10;
    protected static final String PRODUCTS = "dbserver1.public.products";
    protected static final String ITEMS = "dbserver1.public.order_items";

    protected InventoryStore store;
    private final Map<String, Long> offsets = new HashMap<>();

    /** A new store over empty storage, with this low-stock threshold; {@link InventoryStore#migrate} is called next. */
    protected abstract InventoryStore createStore(int lowStockThreshold);

    @BeforeEach
    void openStore() {
        store = createStore(THRESHOLD);
        store.migrate();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void a_catalogue_only_update_keeps_the_stock_and_changes_the_catalogue() {
        apply(product(1, 100, 50), item(10, 1, 3, 200));

        apply(product(1, 300, 50, "Laptop Pro", "1199.99"));

        InventoryItem p = store.find(1).orElseThrow();
        assertThat(p.stockQuantity()).isEqualTo(47);
        assertThat(p.name()).isEqualTo("Laptop Pro");
        assertThat(p.price()).isEqualByComparingTo("1199.99");
    }

    @Test
    void a_stock_change_in_the_source_resets_the_baseline() {
        apply(product(1, 100, 50), item(10, 1, 3, 200));

        apply(product(1, 300, 80));

        assertThat(stock(1)).isEqualTo(80);
    }

    @Test
    void items_after_the_stock_change_count_and_items_before_it_do_not_whenever_they_arrive() {
        apply(product(1, 100, 50), item(10, 1, 3, 200), item(13, 1, 2, 350));
        assertThat(stock(1)).isEqualTo(45);

        apply(product(1, 300, 80));
        assertThat(stock(1))
                .as("item 13 (350) was applied before the change (300) arrived")
                .isEqualTo(78);

        apply(item(11, 1, 5, 400), item(12, 1, 7, 250));
        assertThat(stock(1))
                .as("item 12 (250) is before the change: the source's 80 includes it")
                .isEqualTo(73);
    }

    @Test
    void an_item_update_applies_its_delta_and_a_delete_gives_the_quantity_back() {
        apply(product(1, 100, 50), item(10, 1, 3, 200));

        apply(item(10, 1, 5, 300));
        assertThat(stock(1)).isEqualTo(45);

        apply(item(10, 1, 1, 400));
        assertThat(stock(1)).isEqualTo(49);

        apply(itemDeleted(10, 1, 1, 500));
        assertThat(stock(1)).isEqualTo(50);
    }

    @Test
    void an_item_moved_to_another_product_gives_back_to_one_and_takes_from_the_other() {
        apply(product(1, 100, 50), product(2, 110, 50), item(10, 1, 3, 200));

        apply(item(10, 2, 4, 300));

        assertThat(stock(1)).isEqualTo(50);
        assertThat(stock(2)).isEqualTo(46);
    }

    @Test
    void a_delete_of_an_item_never_seen_gives_back_its_before_image() {
        apply(product(1, 100, 50));

        apply(itemDeleted(10, 1, 4, 200));

        assertThat(stock(1)).isEqualTo(54);
    }

    @Test
    void stale_product_and_item_events_change_nothing_and_are_counted() {
        apply(product(1, 300, 50), item(10, 1, 3, 400));

        Applied applied = apply(product(1, 200, 10, "Old", "1.00"), item(10, 1, 9, 350));

        assertThat(applied.stale()).isEqualTo(2);
        assertThat(applied.applied()).isZero();
        InventoryItem p = store.find(1).orElseThrow();
        assertThat(p.stockQuantity()).isEqualTo(47);
        assertThat(p.name()).isEqualTo("Laptop");
    }

    @Test
    void replaying_everything_twice_gives_the_identical_state() {
        List<Decoded<InventoryChange>> all = scenario();
        for (Decoded<InventoryChange> d : all) {
            apply(d);
        }
        List<InventoryItem> first = store.list(1000, null).items();
        assertThat(first).isNotEmpty();

        Applied again = store.apply(Batch.of(all));
        Applied thrice = store.apply(Batch.of(all));

        assertThat(again.applied()).isZero();
        assertThat(again.stale()).isEqualTo(all.size());
        assertThat(thrice.alerts()).isEmpty();
        assertThat(store.list(1000, null).items()).isEqualTo(first);
    }

    @Test
    void one_batch_of_everything_gives_the_same_stock_as_one_change_at_a_time() {
        for (Decoded<InventoryChange> d : scenario()) {
            apply(d);
        }
        Map<Long, Long> oneByOne = stocks();
        closeStore();
        openStore();

        store.apply(Batch.of(scenario()));

        assertThat(stocks()).isEqualTo(oneByOne);
    }

    @Test
    void an_item_before_its_product_waits_then_counts_when_the_product_appears() {
        Applied waiting = apply(item(10, 7, 3, 200));
        assertThat(waiting.pending()).isEqualTo(1);
        assertThat(store.find(7)).isEmpty();

        apply(product(7, 100, 50));

        assertThat(stock(7)).isEqualTo(47);
        assertThat(store.expiredPending(Instant.now().plusSeconds(3600), 10)).isEmpty();
    }

    @Test
    void an_item_and_its_product_in_one_batch_count_in_either_order() {
        apply(item(10, 7, 3, 200), product(7, 100, 50), product(8, 100, 50), item(11, 8, 4, 210));

        assertThat(stock(7)).isEqualTo(47);
        assertThat(stock(8)).isEqualTo(46);
        assertThat(store.expiredPending(Instant.now().plusSeconds(3600), 10)).isEmpty();
    }

    @Test
    void a_pending_item_expires_with_its_record_and_once_dropped_never_counts() {
        Decoded<InventoryChange> waiting = item(10, 8, 3, 200);
        apply(waiting);

        assertThat(store.expiredPending(Instant.now().minusSeconds(3600), 10)).isEmpty();
        List<PendingItem> expired = store.expiredPending(Instant.now().plusSeconds(3600), 10);
        assertThat(expired).singleElement().satisfies(p -> {
            assertThat(p.productId()).isEqualTo(8);
            assertThat(p.itemId()).isEqualTo(10);
            assertThat(p.topic()).isEqualTo(ITEMS);
            assertThat(p.offset()).isEqualTo(waiting.offset());
            assertThat(p.value()).isEqualTo(waiting.source().value());
        });

        assertThat(store.dropPending(expired)).isEqualTo(1);
        assertThat(store.expiredPending(Instant.now().plusSeconds(3600), 10)).isEmpty();

        apply(product(8, 100, 50));
        assertThat(stock(8)).isEqualTo(50);
    }

    @Test
    void a_pending_item_whose_product_appeared_is_not_dropped() {
        apply(item(10, 8, 3, 200));
        List<PendingItem> expired = store.expiredPending(Instant.now().plusSeconds(3600), 10);
        apply(product(8, 100, 50));

        assertThat(store.dropPending(expired)).isZero();

        assertThat(stock(8)).isEqualTo(47);
    }

    @Test
    void a_deleted_product_is_hidden_and_absorbs_later_items() {
        apply(product(1, 100, 50), item(10, 1, 3, 200));

        apply(productDeleted(1, 300, 50));
        Applied late = apply(item(11, 1, 5, 400));

        assertThat(late.absorbed()).isEqualTo(1);
        assertThat(late.pending()).isZero();
        assertThat(store.find(1)).isEmpty();
        assertThat(store.list(100, null).items()).isEmpty();
        assertThat(store.expiredPending(Instant.now().plusSeconds(3600), 10)).isEmpty();
    }

    @Test
    void stock_may_go_below_zero_and_is_shown_as_oversold() {
        apply(product(1, 100, 2));

        Applied applied = apply(item(10, 1, 5, 200));

        assertThat(applied.oversold()).isEqualTo(1);
        InventoryItem p = store.find(1).orElseThrow();
        assertThat(p.stockQuantity()).isEqualTo(-3);
        assertThat(p.oversold()).isTrue();
    }

    @Test
    void a_low_stock_alert_is_raised_once_per_crossing() {
        apply(product(1, 100, 12));

        assertThat(apply(item(10, 1, 1, 200)).alerts()).isEmpty();
        List<LowStockAlert> crossed = apply(item(11, 1, 2, 300)).alerts();
        assertThat(crossed).singleElement().satisfies(a -> {
            assertThat(a.productId()).isEqualTo(1);
            assertThat(a.stock()).isEqualTo(9);
            assertThat(a.threshold()).isEqualTo(THRESHOLD);
        });
        assertThat(apply(item(12, 1, 1, 400)).alerts())
                .as("still below: no new crossing")
                .isEmpty();
        assertThat(apply(item(11, 1, 2, 300)).alerts()).as("a replay").isEmpty();

        List<LowStockAlert> unpublished = store.unpublishedAlerts(10);
        assertThat(unpublished).singleElement().satisfies(a -> assertThat(a.stock())
                .isEqualTo(9));
        store.markPublished(unpublished);
        assertThat(store.unpublishedAlerts(10)).isEmpty();

        apply(product(1, 500, 30));
        assertThat(apply(item(13, 1, 25, 600)).alerts()).as("a second crossing").hasSize(1);
        assertThat(store.unpublishedAlerts(10)).singleElement().satisfies(a -> assertThat(a.stock())
                .isEqualTo(5));
    }

    @Test
    void a_product_created_and_taken_below_the_threshold_in_one_write_raises_one_alert_and_one_created_low_none() {
        Applied applied = apply(product(1, 100, 12), item(10, 1, 5, 200), product(2, 110, 3), item(11, 2, 1, 210));

        assertThat(applied.alerts()).singleElement().satisfies(a -> {
            assertThat(a.productId()).isEqualTo(1);
            assertThat(a.stock()).isEqualTo(7);
        });
    }

    @Test
    void prices_keep_exactly_two_decimals() {
        String[] prices = {"29.99", "1299.99", "19.99", "0.29", "4.35"};
        for (int i = 0; i < prices.length; i++) {
            apply(product(i + 1, 100 + i, 5, "P" + i, prices[i]));
        }

        for (int i = 0; i < prices.length; i++) {
            assertThat(store.find(i + 1).orElseThrow().price().toPlainString()).isEqualTo(prices[i]);
        }
    }

    @Test
    void snapshot_items_never_count_against_snapshot_stock() {
        SourcePosition snapshot = new SourcePosition(0, 5000);
        apply(
                change(PRODUCTS, new ProductChange(1, snapshot, false, "Laptop", null, new BigDecimal("9.99"), 50, 1)),
                change(ITEMS, new ItemChange(10, 1, 3, false, snapshot)));
        assertThat(stock(1)).isEqualTo(50);

        apply(change(ITEMS, new ItemChange(11, 1, 4, false, new SourcePosition(0, 6000))));
        assertThat(stock(1)).isEqualTo(46);
    }

    @Test
    void low_stock_lists_lowest_first_and_pages_walk_every_product_once() {
        apply(product(1, 100, 5), product(2, 101, 50), product(3, 102, 1), product(4, 103, 9), product(5, 104, 5));

        assertThat(store.lowStock(10, 100).stream().map(InventoryItem::productId))
                .containsExactly(3L, 1L, 5L, 4L);
        assertThat(store.lowStock(5, 100).stream().map(InventoryItem::productId))
                .containsExactly(3L);
        assertThat(store.lowStock(10, 2)).hasSize(2);

        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            InventoryPage page = store.list(2, cursor);
            assertThat(page.items().size()).isLessThanOrEqualTo(2);
            page.items().forEach(p -> seen.add(p.productId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(store.find(99)).isEmpty();
    }

    /** Products, items of every kind, a move, deletes, a stock change, a late item, a pending item. */
    protected List<Decoded<InventoryChange>> scenario() {
        return List.of(
                product(1, 100, 50),
                product(2, 110, 12),
                item(10, 1, 3, 200),
                item(11, 2, 1, 210),
                item(12, 9, 2, 215),
                item(10, 1, 5, 220),
                item(11, 1, 2, 230),
                product(1, 240, 50, "Laptop Pro", "1199.99"),
                product(2, 250, 40),
                item(13, 2, 35, 260),
                itemDeleted(10, 1, 5, 270),
                product(3, 280, 7),
                productDeleted(3, 290, 7),
                item(14, 3, 1, 300),
                item(15, 2, 1, 245));
    }

    @SafeVarargs
    @SuppressWarnings("varargs") // the array only becomes a list, never stored or exposed
    protected final Applied apply(Decoded<InventoryChange>... changes) {
        return store.apply(Batch.of(Arrays.asList(changes)));
    }

    protected long stock(long productId) {
        return store.find(productId).orElseThrow().stockQuantity();
    }

    private Map<Long, Long> stocks() {
        Map<Long, Long> out = new HashMap<>();
        store.list(1000, null).items().forEach(p -> out.put(p.productId(), p.stockQuantity()));
        return out;
    }

    protected static SourcePosition at(long lsn) {
        return new SourcePosition(lsn, lsn);
    }

    protected Decoded<InventoryChange> product(long id, long lsn, long stock) {
        return product(id, lsn, stock, "Laptop", "1299.99");
    }

    protected Decoded<InventoryChange> product(long id, long lsn, long stock, String name, String price) {
        return change(
                PRODUCTS,
                new ProductChange(id, at(lsn), false, name, "desc " + name, new BigDecimal(price), stock, lsn * 10));
    }

    protected Decoded<InventoryChange> productDeleted(long id, long lsn, long stock) {
        return change(
                PRODUCTS,
                new ProductChange(id, at(lsn), true, "Laptop", null, new BigDecimal("1299.99"), stock, lsn * 10));
    }

    protected Decoded<InventoryChange> item(long itemId, long productId, long quantity, long lsn) {
        return change(ITEMS, new ItemChange(itemId, productId, quantity, false, at(lsn)));
    }

    protected Decoded<InventoryChange> itemDeleted(long itemId, long productId, long quantity, long lsn) {
        return change(ITEMS, new ItemChange(itemId, productId, quantity, true, at(lsn)));
    }

    protected Decoded<InventoryChange> change(String topic, InventoryChange change) {
        long offset = offsets.merge(topic, 1L, Long::sum) - 1;
        byte[] value = change.toString().getBytes(StandardCharsets.UTF_8);
        byte[] key = Long.toString(offset).getBytes(StandardCharsets.UTF_8);
        return new Decoded<>(new ConsumerRecord<>(topic, 0, offset, key, value), change);
    }
}
