package io.sluice.inventory;

import io.sluice.cdc.SourcePosition;
import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.OffsetStore;
import io.sluice.db.Database;
import io.sluice.db.Jdbc;
import io.sluice.db.JdbcOffsetStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The inventory in PostgreSQL (the default store). Each batch is one transaction with the consumer offsets
 * ({@link JdbcOffsetStore}): exactly-once. Within it: the touched items are read {@code FOR UPDATE}, the touched
 * products are locked with {@code pg_advisory_xact_lock(product_id)} in id order (a product row may not exist yet),
 * so two consumers of one group serialise per product; the rules run in memory ({@link StockRules}); then a few
 * set-based statements ({@code unnest} of arrays) write ledger, products, items, pending items and the low-stock
 * outbox, whatever the batch size. Thread-safe (state lives in the database); throws
 * {@link io.sluice.db.DatabaseException} on failure.
 */
public final class PostgresInventoryStore implements InventoryStore {
    static final String HISTORY_TABLE = "inventory_schema_history";
    static final String MIGRATIONS = "classpath:db/inventory";

    private final Database database;
    private final JdbcOffsetStore offsets;
    private final int threshold;

    /**
     * @param groupId the consumer group whose offsets are stored with the data
     * @param lowStockThreshold a write that takes a product from {@code >=} to {@code <} this raises an alert
     */
    public PostgresInventoryStore(Database database, String groupId, int lowStockThreshold) {
        this.database = database;
        this.offsets = new JdbcOffsetStore(database.dataSource(), groupId);
        this.threshold = lowStockThreshold;
    }

    @Override
    public void migrate() {
        database.migrate("sluice_schema_history", "classpath:db/sluice");
        database.migrate(HISTORY_TABLE, MIGRATIONS);
    }

    @Override
    public Optional<OffsetStore> offsetStore() {
        return Optional.of(offsets);
    }

    @Override
    public Applied apply(Batch<InventoryChange> batch) {
        return Jdbc.transaction(database.dataSource(), "applying " + batch.size() + " inventory changes", c -> {
            Applied applied = batch.isEmpty() ? Applied.NOTHING : PostgresBatch.apply(c, batch.records(), threshold);
            offsets.store(c, batch.nextOffsets());
            return applied;
        });
    }
    // ---- reads ----

    @Override
    public Optional<InventoryItem> find(long productId) {
        return Jdbc.query(database.dataSource(), "reading product " + productId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PostgresBatch.PRODUCT_COLUMNS
                    + " FROM inventory_products WHERE product_id = ? AND NOT deleted")) {
                ps.setLong(1, productId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(PostgresBatch.product(rs).toItem()) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<InventoryItem> lowStock(long belowThreshold, int limit) {
        return Jdbc.query(database.dataSource(), "reading products below " + belowThreshold, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PostgresBatch.PRODUCT_COLUMNS
                    + " FROM inventory_products WHERE NOT deleted AND stock < ? ORDER BY stock, product_id LIMIT ?")) {
                ps.setLong(1, belowThreshold);
                ps.setInt(2, limit);
                return items(ps);
            }
        });
    }

    @Override
    public InventoryPage list(int limit, String cursor) {
        long after = cursor == null ? Long.MIN_VALUE : Long.parseLong(cursor);
        List<InventoryItem> page = Jdbc.query(database.dataSource(), "listing products", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PostgresBatch.PRODUCT_COLUMNS
                    + " FROM inventory_products WHERE NOT deleted AND product_id > ? ORDER BY product_id LIMIT ?")) {
                ps.setLong(1, after);
                ps.setInt(2, limit + 1);
                return items(ps);
            }
        });
        if (page.size() <= limit) {
            return new InventoryPage(page, null);
        }
        List<InventoryItem> items = page.subList(0, limit);
        return new InventoryPage(items, Long.toString(items.getLast().productId()));
    }

    private static List<InventoryItem> items(PreparedStatement ps) throws SQLException {
        List<InventoryItem> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(PostgresBatch.product(rs).toItem());
            }
        }
        return out;
    }

    // ---- pending items and alerts ----

    @Override
    public List<PendingItem> expiredPending(Instant olderThan, int limit) {
        return Jdbc.query(database.dataSource(), "reading expired pending items", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    """
                    SELECT product_id, commit_lsn, change_lsn, item_id, topic, kafka_partition, kafka_offset,
                           record_key, record_value, first_seen
                    FROM inventory_pending WHERE first_seen < ? ORDER BY first_seen LIMIT ?""")) {
                ps.setTimestamp(1, Timestamp.from(olderThan));
                ps.setInt(2, limit);
                List<PendingItem> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PendingItem(
                                rs.getLong(1),
                                new SourcePosition(rs.getLong(2), rs.getLong(3)),
                                rs.getLong(4),
                                rs.getString(5),
                                rs.getInt(6),
                                rs.getLong(7),
                                rs.getBytes(8),
                                rs.getBytes(9),
                                rs.getTimestamp(10).toInstant()));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int dropPending(List<PendingItem> items) {
        if (items.isEmpty()) {
            return 0;
        }
        return Jdbc.transaction(database.dataSource(), "dropping " + items.size() + " expired pending items", c -> {
            Set<Long> productIds = new TreeSet<>();
            items.forEach(p -> productIds.add(p.productId()));
            PostgresBatch.lock(c, productIds);
            int dropped = 0;
            try (PreparedStatement pending = c.prepareStatement(
                            "DELETE FROM inventory_pending WHERE product_id = ? AND commit_lsn = ? AND change_lsn = ?"
                                    + " AND item_id = ?");
                    PreparedStatement ledger = c.prepareStatement(
                            "DELETE FROM inventory_ledger WHERE product_id = ? AND commit_lsn = ? AND change_lsn = ?"
                                    + " AND item_id = ?")) {
                for (PendingItem p : items) {
                    bindKey(pending, p);
                    if (pending.executeUpdate() == 1) {
                        bindKey(ledger, p);
                        ledger.executeUpdate();
                        dropped++;
                    }
                }
            }
            return dropped;
        });
    }

    private static void bindKey(PreparedStatement ps, PendingItem p) throws SQLException {
        ps.setLong(1, p.productId());
        ps.setLong(2, p.position().commitLsn());
        ps.setLong(3, p.position().changeLsn());
        ps.setLong(4, p.itemId());
    }

    @Override
    public List<LowStockAlert> unpublishedAlerts(int limit) {
        return Jdbc.query(database.dataSource(), "reading unpublished low-stock alerts", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, product_id, stock, threshold, raised_at FROM inventory_low_stock_outbox"
                            + " ORDER BY id LIMIT ?")) {
                ps.setInt(1, limit);
                List<LowStockAlert> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new LowStockAlert(
                                rs.getLong(1),
                                rs.getLong(2),
                                rs.getLong(3),
                                rs.getInt(4),
                                rs.getTimestamp(5).toInstant()));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void markPublished(List<LowStockAlert> alerts) {
        if (alerts.isEmpty()) {
            return;
        }
        Jdbc.query(database.dataSource(), "deleting published low-stock alerts", c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM inventory_low_stock_outbox WHERE id = ANY(?)")) {
                ps.setArray(
                        1,
                        c.createArrayOf(
                                "bigint", alerts.stream().map(LowStockAlert::id).toArray()));
                return ps.executeUpdate();
            }
        });
    }

    /** The store does not own the database; the service closes it. */
    @Override
    public void close() {}
}
