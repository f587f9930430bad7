package io.sluice.inventory;

import io.sluice.cdc.SourcePosition;
import io.sluice.core.consumer.Decoded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The stock rules of ADR 0011 applied to one batch, in memory, over the state a store loaded for it. A store loads
 * the {@link #itemIds items} and {@link #productIds products} the batch touches (locked), calls {@link #apply} for
 * each change in order, writes the {@link #ledger() ledger rows}, calls {@link #finish} with a way to sum the ledger,
 * and writes back what changed. Pure logic, no I/O; one instance per batch, not thread-safe.
 *
 * <p>Stock is a function of (source stock, stock position, ledger): {@code stock = sourceStock - sum(delta of ledger
 * rows positioned after stockPosition)}. A product whose stock position moves in this batch (or that appears) is
 * recomputed from the whole ledger at {@link #finish}; every other product's stock is adjusted by the batch's own
 * deltas as they come.
 */
final class StockRules {

    /** Sums the ledger (rows stored before this batch and this batch's own) after a position, per product. */
    @FunctionalInterface
    interface LedgerSums {
        /** For each product, the sum of its ledger deltas positioned after the given position (absent: 0). */
        Map<Long, Long> after(Map<Long, SourcePosition> positions);
    }

    private final Map<Long, ProductState> products;
    private final Map<Long, ItemState> items;
    private final int threshold;
    private final Instant now;
    private final Map<Long, Long> visibleStockBefore = new HashMap<>();
    private final Set<Long> changedProducts = new LinkedHashSet<>();
    private final Map<Long, ItemState> changedItems = new LinkedHashMap<>();
    private final List<LedgerEntry> ledger = new ArrayList<>();
    private final List<PendingItem> pending = new ArrayList<>();
    private final Set<Long> appeared = new HashSet<>();
    private final Set<Long> recompute = new HashSet<>();
    private final List<LowStockAlert> alerts = new ArrayList<>();
    private int applied;
    private int stale;
    private int absorbed;
    private int pendingCount;
    private int oversold;

    /**
     * @param products mutable copies of the stored products the batch touches (absent: never seen)
     * @param items mutable map of the stored items the batch touches (absent: never seen)
     */
    StockRules(Map<Long, ProductState> products, Map<Long, ItemState> items, int threshold, Instant now) {
        this.products = products;
        this.items = items;
        this.threshold = threshold;
        this.now = now;
        for (ProductState p : products.values()) {
            if (!p.deleted) {
                visibleStockBefore.put(p.productId, p.stock);
            }
        }
    }

    /** The order items the changes name, to load before {@link #productIds}. */
    static Set<Long> itemIds(List<Decoded<InventoryChange>> changes) {
        Set<Long> ids = new TreeSet<>();
        for (Decoded<InventoryChange> d : changes) {
            if (d.value() instanceof ItemChange i) {
                ids.add(i.itemId());
            }
        }
        return ids;
    }

    /** The products the changes touch, including those the stored items belonged to, in id order (lock order). */
    static Set<Long> productIds(List<Decoded<InventoryChange>> changes, Map<Long, ItemState> storedItems) {
        Set<Long> ids = new TreeSet<>();
        for (Decoded<InventoryChange> d : changes) {
            switch (d.value()) {
                case ProductChange p -> ids.add(p.productId());
                case ItemChange i -> ids.add(i.productId());
            }
        }
        storedItems.values().forEach(i -> ids.add(i.productId()));
        return ids;
    }

    void apply(Decoded<InventoryChange> change) {
        switch (change.value()) {
            case ProductChange p -> product(p);
            case ItemChange i -> item(i, change.source());
        }
    }

    private void product(ProductChange c) {
        ProductState p = products.get(c.productId());
        if (p != null && !c.position().isAfter(p.productPosition)) {
            stale++;
            return;
        }
        applied++;
        boolean unknown = p == null;
        boolean reborn = p != null && p.deleted && !c.deleted();
        if (unknown) {
            p = new ProductState(c.productId());
            products.put(c.productId(), p);
            appeared.add(c.productId());
        }
        p.name = c.name();
        p.description = c.description();
        p.price = c.price();
        p.cdcTimestamp = c.sourceTimeMs();
        p.lastUpdated = now;
        p.productPosition = c.position();
        if (c.deleted()) {
            if (unknown) {
                // A marker, so that late item changes for it are absorbed instead of waiting.
                p.sourceStock = c.stockQuantity();
                p.stockPosition = c.position();
                p.stock = c.stockQuantity();
            }
            p.deleted = true;
        } else if (unknown || reborn || c.stockQuantity() != p.sourceStock) {
            if (unknown || reborn) {
                // A product new to this write crosses from its first version's stock.
                visibleStockBefore.putIfAbsent(c.productId(), c.stockQuantity());
            }
            p.deleted = false;
            p.sourceStock = c.stockQuantity();
            p.stockPosition = c.position();
            recompute.add(c.productId());
        }
        changedProducts.add(c.productId());
    }

    private void item(ItemChange c, ConsumerRecord<byte[], byte[]> source) {
        ItemState old = items.get(c.itemId());
        if (old != null && !c.position().isAfter(old.position())) {
            stale++;
            return;
        }
        applied++;
        long quantity = c.deleted() ? 0 : c.quantity();
        if (old == null) {
            // Never seen: a delete gives back what its before image says was taken.
            take(c.productId(), c.deleted() ? -c.quantity() : c.quantity(), c, source);
        } else if (old.productId() == c.productId()) {
            take(c.productId(), quantity - old.quantity(), c, source);
        } else {
            take(old.productId(), -old.quantity(), c, source);
            take(c.productId(), quantity, c, source);
        }
        ItemState now = new ItemState(c.itemId(), c.productId(), quantity, c.position());
        items.put(c.itemId(), now);
        changedItems.put(c.itemId(), now);
    }

    private void take(long productId, long delta, ItemChange c, ConsumerRecord<byte[], byte[]> source) {
        if (delta == 0) {
            return;
        }
        ledger.add(new LedgerEntry(productId, c.position(), c.itemId(), delta));
        ProductState p = products.get(productId);
        if (p == null) {
            pendingCount++;
            pending.add(new PendingItem(
                    productId,
                    c.position(),
                    c.itemId(),
                    source.topic(),
                    source.partition(),
                    source.offset(),
                    source.key(),
                    source.value(),
                    now));
            return;
        }
        if (p.deleted) {
            absorbed++;
            return;
        }
        if (recompute.contains(productId) || !c.position().isAfter(p.stockPosition)) {
            return;
        }
        p.stock -= delta;
        p.lastUpdated = now;
        changedProducts.add(productId);
    }

    /**
     * Recomputes the stock of products whose stock position moved, and raises alerts. Call once, after every change
     * was applied and the {@link #ledger()} rows were written where {@code sums} reads.
     */
    Applied finish(LedgerSums sums) {
        if (!recompute.isEmpty()) {
            Map<Long, SourcePosition> positions = new HashMap<>();
            recompute.forEach(id -> positions.put(id, products.get(id).stockPosition));
            Map<Long, Long> taken = sums.after(positions);
            for (long id : recompute) {
                ProductState p = products.get(id);
                p.stock = p.sourceStock - taken.getOrDefault(id, 0L);
            }
        }
        for (long id : changedProducts) {
            ProductState p = products.get(id);
            if (p.deleted) {
                continue;
            }
            Long before = visibleStockBefore.get(id);
            if (p.stock < 0 && (before == null || before >= 0)) {
                oversold++;
            }
            if (before != null && before >= threshold && p.stock < threshold) {
                alerts.add(new LowStockAlert(0, id, p.stock, threshold, now));
            }
        }
        return new Applied(applied, stale, absorbed, pendingCount, oversold, alerts);
    }

    /** Products to write back (new, changed or re-stocked), in id order of first change. */
    List<ProductState> changedProducts() {
        return changedProducts.stream().map(products::get).toList();
    }

    List<ItemState> changedItems() {
        return List.copyOf(changedItems.values());
    }

    /** Ledger rows of this batch, to write before {@link #finish}. */
    List<LedgerEntry> ledger() {
        return ledger;
    }

    /** Products that did not exist before this batch and do now: their stored pending items stop waiting. */
    Set<Long> appeared() {
        return appeared;
    }

    /** Item changes of this batch still waiting for their product at its end. */
    List<PendingItem> pending() {
        return pending.stream()
                .filter(p -> !products.containsKey(p.productId()))
                .toList();
    }
}
