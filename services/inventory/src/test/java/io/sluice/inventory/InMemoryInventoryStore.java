package io.sluice.inventory;

import io.sluice.cdc.SourcePosition;
import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import io.sluice.core.consumer.OffsetStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The reference store: {@link StockRules} over maps, everything under one lock. It shows the contract is
 * consistent and is the oracle other stores are compared with; it keeps nothing across restarts.
 */
final class InMemoryInventoryStore implements InventoryStore {
    private final int threshold;
    private final TreeMap<Long, ProductState> products = new TreeMap<>();
    private final Map<Long, ItemState> items = new HashMap<>();
    private final Map<String, LedgerEntry> ledger = new LinkedHashMap<>();
    private final Map<String, PendingItem> pending = new LinkedHashMap<>();
    private final Map<Long, LowStockAlert> alerts = new TreeMap<>();
    private long alertIds;

    InMemoryInventoryStore(int threshold) {
        this.threshold = threshold;
    }

    @Override
    public void migrate() {}

    @Override
    public synchronized Applied apply(Batch<InventoryChange> batch) {
        List<Decoded<InventoryChange>> changes = batch.records();
        Map<Long, ItemState> loadedItems = new HashMap<>();
        for (long id : StockRules.itemIds(changes)) {
            if (items.containsKey(id)) {
                loadedItems.put(id, items.get(id));
            }
        }
        Map<Long, ProductState> loaded = new HashMap<>();
        for (long id : StockRules.productIds(changes, loadedItems)) {
            if (products.containsKey(id)) {
                loaded.put(id, products.get(id).copy());
            }
        }
        StockRules rules = new StockRules(loaded, loadedItems, threshold, Instant.now());
        changes.forEach(rules::apply);
        rules.ledger().forEach(e -> ledger.putIfAbsent(key(e.productId(), e.position(), e.itemId()), e));
        Applied applied = rules.finish(this::sumsAfter);
        rules.changedProducts().forEach(p -> products.put(p.productId, p));
        rules.changedItems().forEach(i -> items.put(i.itemId(), i));
        pending.values().removeIf(p -> rules.appeared().contains(p.productId()));
        rules.pending().forEach(p -> pending.putIfAbsent(key(p.productId(), p.position(), p.itemId()), p));
        List<LowStockAlert> raised = new ArrayList<>();
        for (LowStockAlert a : applied.alerts()) {
            LowStockAlert stored = new LowStockAlert(++alertIds, a.productId(), a.stock(), a.threshold(), a.raisedAt());
            alerts.put(stored.id(), stored);
            raised.add(stored);
        }
        return new Applied(
                applied.applied(), applied.stale(), applied.absorbed(), applied.pending(), applied.oversold(), raised);
    }

    private Map<Long, Long> sumsAfter(Map<Long, SourcePosition> positions) {
        Map<Long, Long> sums = new HashMap<>();
        for (LedgerEntry e : ledger.values()) {
            SourcePosition after = positions.get(e.productId());
            if (after != null && e.position().isAfter(after)) {
                sums.merge(e.productId(), e.delta(), Long::sum);
            }
        }
        return sums;
    }

    private static String key(long productId, SourcePosition position, long itemId) {
        return productId + "/" + position.commitLsn() + "/" + position.changeLsn() + "/" + itemId;
    }

    @Override
    public Optional<OffsetStore> offsetStore() {
        return Optional.empty();
    }

    @Override
    public synchronized Optional<InventoryItem> find(long productId) {
        ProductState p = products.get(productId);
        return p == null || p.deleted ? Optional.empty() : Optional.of(p.toItem());
    }

    @Override
    public synchronized List<InventoryItem> lowStock(long threshold, int limit) {
        return products.values().stream()
                .filter(p -> !p.deleted && p.stock < threshold)
                .sorted(Comparator.<ProductState>comparingLong(p -> p.stock).thenComparingLong(p -> p.productId))
                .limit(limit)
                .map(ProductState::toItem)
                .toList();
    }

    @Override
    public synchronized InventoryPage list(int limit, String cursor) {
        long after = cursor == null ? Long.MIN_VALUE : Long.parseLong(cursor);
        List<InventoryItem> page = products.tailMap(after, false).values().stream()
                .filter(p -> !p.deleted)
                .limit(limit + 1L)
                .map(ProductState::toItem)
                .toList();
        if (page.size() <= limit) {
            return new InventoryPage(page, null);
        }
        List<InventoryItem> items = page.subList(0, limit);
        return new InventoryPage(items, Long.toString(items.getLast().productId()));
    }

    @Override
    public synchronized List<PendingItem> expiredPending(Instant olderThan, int limit) {
        return pending.values().stream()
                .filter(p -> p.firstSeen().isBefore(olderThan))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized int dropPending(List<PendingItem> expired) {
        int dropped = 0;
        for (PendingItem p : expired) {
            String key = key(p.productId(), p.position(), p.itemId());
            if (pending.remove(key) != null) {
                ledger.remove(key);
                dropped++;
            }
        }
        return dropped;
    }

    @Override
    public synchronized List<LowStockAlert> unpublishedAlerts(int limit) {
        return alerts.values().stream().limit(limit).toList();
    }

    @Override
    public synchronized void markPublished(List<LowStockAlert> published) {
        published.forEach(a -> alerts.remove(a.id()));
    }

    @Override
    public void close() {}
}
