package io.sluice.inventory;

import io.sluice.cdc.SourcePosition;
import io.sluice.core.consumer.Decoded;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One batch of {@link PostgresInventoryStore#apply}, inside its transaction: the touched order items read
 * {@code FOR UPDATE} in id order, the touched products locked with {@code pg_advisory_xact_lock(product_id)} in id
 * order (a row may not exist yet) and read, the rules run in memory ({@link StockRules}), then a few set-based
 * statements ({@code unnest} of arrays) whatever the batch size: ledger, stock sums for re-stocked products (and the
 * pruning of their ledger rows at or before the new stock position), products, items, pending items, the low-stock
 * outbox. Static and stateless.
 */
final class PostgresBatch {
    static final String PRODUCT_COLUMNS =
            """
            product_id, name, description, price, cdc_timestamp, last_updated, product_commit_lsn,
            product_change_lsn, source_stock, stock_commit_lsn, stock_change_lsn, stock, deleted""";
    private static final String SELECT_ITEMS =
            "SELECT item_id, product_id, quantity, commit_lsn, change_lsn FROM inventory_order_items"
                    + " WHERE item_id = ANY(?) ORDER BY item_id FOR UPDATE";
    private static final String LOCK_PRODUCTS = "SELECT pg_advisory_xact_lock(id) FROM unnest(?::bigint[]) AS u(id)";
    private static final String SELECT_PRODUCTS =
            "SELECT " + PRODUCT_COLUMNS + " FROM inventory_products WHERE product_id = ANY(?)";
    private static final String INSERT_LEDGER =
            """
            INSERT INTO inventory_ledger (product_id, commit_lsn, change_lsn, item_id, delta)
            SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
            ON CONFLICT DO NOTHING""";
    // SourcePosition.isAfter in SQL: with a commit LSN unknown on either side, change LSNs alone.
    private static final String SUM_AFTER =
            """
            SELECT l.product_id, sum(l.delta)
            FROM inventory_ledger l
            JOIN unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS p(product_id, commit_lsn, change_lsn)
              ON l.product_id = p.product_id
            WHERE CASE WHEN l.commit_lsn = 0 OR p.commit_lsn = 0 THEN l.change_lsn > p.change_lsn
                       ELSE (l.commit_lsn, l.change_lsn) > (p.commit_lsn, p.change_lsn) END
            GROUP BY l.product_id""";
    // The complement of SUM_AFTER: rows at or before a product's new stock position never count again (it only moves
    // forward), and item states, not ledger rows, dedupe replays.
    private static final String PRUNE_BEFORE =
            """
            DELETE FROM inventory_ledger l
            USING unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS p(product_id, commit_lsn, change_lsn)
            WHERE l.product_id = p.product_id
              AND CASE WHEN l.commit_lsn = 0 OR p.commit_lsn = 0 THEN l.change_lsn <= p.change_lsn
                       ELSE (l.commit_lsn, l.change_lsn) <= (p.commit_lsn, p.change_lsn) END""";
    private static final String UPSERT_PRODUCTS = "INSERT INTO inventory_products (" + PRODUCT_COLUMNS + ")"
            + """

            SELECT u.id, u.name, u.description, u.price, u.cdc, to_timestamp(u.updated_ms / 1000.0), u.pc, u.pch,
                   u.source_stock, u.sc, u.sch, u.stock, u.deleted
            FROM unnest(?::bigint[], ?::text[], ?::text[], ?::numeric[], ?::bigint[], ?::bigint[], ?::bigint[],
                        ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::boolean[])
                 AS u(id, name, description, price, cdc, updated_ms, pc, pch, source_stock, sc, sch, stock, deleted)
            ON CONFLICT (product_id) DO UPDATE SET
                name = excluded.name, description = excluded.description, price = excluded.price,
                cdc_timestamp = excluded.cdc_timestamp, last_updated = excluded.last_updated,
                product_commit_lsn = excluded.product_commit_lsn, product_change_lsn = excluded.product_change_lsn,
                source_stock = excluded.source_stock, stock_commit_lsn = excluded.stock_commit_lsn,
                stock_change_lsn = excluded.stock_change_lsn, stock = excluded.stock, deleted = excluded.deleted""";
    private static final String UPSERT_ITEMS =
            """
            INSERT INTO inventory_order_items (item_id, product_id, quantity, commit_lsn, change_lsn)
            SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
            ON CONFLICT (item_id) DO UPDATE SET product_id = excluded.product_id, quantity = excluded.quantity,
                commit_lsn = excluded.commit_lsn, change_lsn = excluded.change_lsn""";
    private static final String RESOLVE_PENDING = "DELETE FROM inventory_pending WHERE product_id = ANY(?)";
    private static final String INSERT_PENDING =
            """
            INSERT INTO inventory_pending (product_id, commit_lsn, change_lsn, item_id, topic, kafka_partition,
                kafka_offset, record_key, record_value, first_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";
    private static final String INSERT_ALERT =
            "INSERT INTO inventory_low_stock_outbox (product_id, stock, threshold, raised_at) VALUES (?, ?, ?, ?)"
                    + " RETURNING id";

    private PostgresBatch() {}

    /** Applies the changes on {@code c}, in its transaction; the caller stores the offsets and commits. */
    static Applied apply(Connection c, List<Decoded<InventoryChange>> changes, int threshold) throws SQLException {
        Map<Long, ItemState> items = loadItems(c, StockRules.itemIds(changes));
        Set<Long> productIds = StockRules.productIds(changes, items);
        lock(c, productIds);
        Map<Long, ProductState> products = loadProducts(c, productIds);
        StockRules rules = new StockRules(products, items, threshold, Instant.now());
        changes.forEach(rules::apply);
        insertLedger(c, rules.ledger());
        Applied applied;
        try {
            applied = rules.finish(positions -> sumsAfter(c, positions));
        } catch (SqlFailure e) {
            throw e.sql();
        }
        upsertProducts(c, rules.changedProducts());
        upsertItems(c, rules.changedItems());
        if (!rules.appeared().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(RESOLVE_PENDING)) {
                ps.setArray(1, c.createArrayOf("bigint", rules.appeared().toArray()));
                ps.executeUpdate();
            }
        }
        insertPending(c, rules.pending());
        List<LowStockAlert> alerts = insertAlerts(c, applied.alerts());
        return new Applied(
                applied.applied(), applied.stale(), applied.absorbed(), applied.pending(), applied.oversold(), alerts);
    }

    private static Map<Long, ItemState> loadItems(Connection c, Set<Long> ids) throws SQLException {
        Map<Long, ItemState> items = new HashMap<>();
        if (ids.isEmpty()) {
            return items;
        }
        try (PreparedStatement ps = c.prepareStatement(SELECT_ITEMS)) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ItemState i = new ItemState(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            new SourcePosition(rs.getLong(4), rs.getLong(5)));
                    items.put(i.itemId(), i);
                }
            }
        }
        return items;
    }

    /** Advisory locks in the ids' (ascending) order, so that two writers never wait on each other in a cycle. */
    static void lock(Connection c, Collection<Long> sortedIds) throws SQLException {
        if (sortedIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(LOCK_PRODUCTS)) {
            ps.setArray(1, c.createArrayOf("bigint", sortedIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // one row per lock, taken in array order
                }
            }
        }
    }

    private static Map<Long, ProductState> loadProducts(Connection c, Set<Long> ids) throws SQLException {
        Map<Long, ProductState> products = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_PRODUCTS)) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ProductState p = product(rs);
                    products.put(p.productId, p);
                }
            }
        }
        return products;
    }

    static ProductState product(ResultSet rs) throws SQLException {
        ProductState p = new ProductState(rs.getLong("product_id"));
        p.name = rs.getString("name");
        p.description = rs.getString("description");
        p.price = rs.getBigDecimal("price");
        p.cdcTimestamp = rs.getLong("cdc_timestamp");
        p.lastUpdated = rs.getTimestamp("last_updated").toInstant();
        p.productPosition = new SourcePosition(rs.getLong("product_commit_lsn"), rs.getLong("product_change_lsn"));
        p.sourceStock = rs.getLong("source_stock");
        p.stockPosition = new SourcePosition(rs.getLong("stock_commit_lsn"), rs.getLong("stock_change_lsn"));
        p.stock = rs.getLong("stock");
        p.deleted = rs.getBoolean("deleted");
        return p;
    }

    private static void insertLedger(Connection c, List<LedgerEntry> ledger) throws SQLException {
        if (ledger.isEmpty()) {
            return;
        }
        int n = ledger.size();
        Long[] product = new Long[n];
        Long[] commit = new Long[n];
        Long[] change = new Long[n];
        Long[] item = new Long[n];
        Long[] delta = new Long[n];
        for (int i = 0; i < n; i++) {
            LedgerEntry e = ledger.get(i);
            product[i] = e.productId();
            commit[i] = e.position().commitLsn();
            change[i] = e.position().changeLsn();
            item[i] = e.itemId();
            delta[i] = e.delta();
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_LEDGER)) {
            setArrays(c, ps, 1, "bigint", product, commit, change, item, delta);
            ps.executeUpdate();
        }
    }

    /** The ledger sums after the new stock positions, then the rows at or before them deleted (never read again). */
    private static Map<Long, Long> sumsAfter(Connection c, Map<Long, SourcePosition> positions) {
        int n = positions.size();
        Long[] product = new Long[n];
        Long[] commit = new Long[n];
        Long[] change = new Long[n];
        int i = 0;
        for (var e : positions.entrySet()) {
            product[i] = e.getKey();
            commit[i] = e.getValue().commitLsn();
            change[i++] = e.getValue().changeLsn();
        }
        Map<Long, Long> sums = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SUM_AFTER)) {
            setArrays(c, ps, 1, "bigint", product, commit, change);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sums.put(rs.getLong(1), rs.getLong(2));
                }
            }
            try (PreparedStatement prune = c.prepareStatement(PRUNE_BEFORE)) {
                setArrays(c, prune, 1, "bigint", product, commit, change);
                prune.executeUpdate();
            }
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
        return sums;
    }

    private static void upsertProducts(Connection c, List<ProductState> products) throws SQLException {
        if (products.isEmpty()) {
            return;
        }
        int n = products.size();
        Long[] id = new Long[n];
        String[] name = new String[n];
        String[] description = new String[n];
        BigDecimal[] price = new BigDecimal[n];
        Long[] cdc = new Long[n];
        Long[] updated = new Long[n];
        Long[] pc = new Long[n];
        Long[] pch = new Long[n];
        Long[] sourceStock = new Long[n];
        Long[] sc = new Long[n];
        Long[] sch = new Long[n];
        Long[] stock = new Long[n];
        Boolean[] deleted = new Boolean[n];
        for (int i = 0; i < n; i++) {
            ProductState p = products.get(i);
            id[i] = p.productId;
            name[i] = p.name;
            description[i] = p.description;
            price[i] = p.price;
            cdc[i] = p.cdcTimestamp;
            updated[i] = p.lastUpdated.toEpochMilli();
            pc[i] = p.productPosition.commitLsn();
            pch[i] = p.productPosition.changeLsn();
            sourceStock[i] = p.sourceStock;
            sc[i] = p.stockPosition.commitLsn();
            sch[i] = p.stockPosition.changeLsn();
            stock[i] = p.stock;
            deleted[i] = p.deleted;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT_PRODUCTS)) {
            ps.setArray(1, c.createArrayOf("bigint", id));
            ps.setArray(2, c.createArrayOf("text", name));
            ps.setArray(3, c.createArrayOf("text", description));
            ps.setArray(4, c.createArrayOf("numeric", price));
            setArrays(c, ps, 5, "bigint", cdc, updated, pc, pch, sourceStock, sc, sch, stock);
            ps.setArray(13, c.createArrayOf("boolean", deleted));
            ps.executeUpdate();
        }
    }

    private static void upsertItems(Connection c, List<ItemState> items) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        int n = items.size();
        Long[] id = new Long[n];
        Long[] product = new Long[n];
        Long[] quantity = new Long[n];
        Long[] commit = new Long[n];
        Long[] change = new Long[n];
        for (int i = 0; i < n; i++) {
            ItemState s = items.get(i);
            id[i] = s.itemId();
            product[i] = s.productId();
            quantity[i] = s.quantity();
            commit[i] = s.position().commitLsn();
            change[i] = s.position().changeLsn();
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT_ITEMS)) {
            setArrays(c, ps, 1, "bigint", id, product, quantity, commit, change);
            ps.executeUpdate();
        }
    }

    /** Row by row in one JDBC batch: an item waiting for its product is rare. */
    private static void insertPending(Connection c, List<PendingItem> pending) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_PENDING)) {
            for (PendingItem p : pending) {
                ps.setLong(1, p.productId());
                ps.setLong(2, p.position().commitLsn());
                ps.setLong(3, p.position().changeLsn());
                ps.setLong(4, p.itemId());
                ps.setString(5, p.topic());
                ps.setInt(6, p.partition());
                ps.setLong(7, p.offset());
                ps.setBytes(8, p.key());
                ps.setBytes(9, p.value());
                ps.setTimestamp(10, Timestamp.from(p.firstSeen()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static List<LowStockAlert> insertAlerts(Connection c, List<LowStockAlert> alerts) throws SQLException {
        List<LowStockAlert> stored = new ArrayList<>(alerts.size());
        if (alerts.isEmpty()) {
            return stored;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_ALERT)) {
            for (LowStockAlert a : alerts) {
                ps.setLong(1, a.productId());
                ps.setLong(2, a.stock());
                ps.setInt(3, a.threshold());
                ps.setTimestamp(4, Timestamp.from(a.raisedAt()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    stored.add(new LowStockAlert(rs.getLong(1), a.productId(), a.stock(), a.threshold(), a.raisedAt()));
                }
            }
        }
        return stored;
    }

    private static void setArrays(Connection c, PreparedStatement ps, int first, String type, Object[]... arrays)
            throws SQLException {
        for (int i = 0; i < arrays.length; i++) {
            ps.setArray(first + i, c.createArrayOf(type, arrays[i]));
        }
    }

    /** A {@link SQLException} from inside {@link StockRules#finish}'s callback, unwrapped by {@link #apply}. */
    private static final class SqlFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final SQLException sql;

        SqlFailure(SQLException cause) {
            super(cause);
            this.sql = cause;
        }

        SQLException sql() {
            return sql;
        }
    }
}
