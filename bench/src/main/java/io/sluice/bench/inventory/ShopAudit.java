package io.sluice.bench.inventory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The fault run's own record of what happened in {@code shop}, so that the stock every product must have can be
 * computed by SQL, independently of Debezium, Kafka and the service: triggers on {@code products} and {@code
 * order_items} append every row change to {@code bench_audit} with a sequence number. The demo writes on one
 * connection, one statement per transaction, so the sequence is commit order.
 *
 * <p>The definition (docs/adr/0011): a product's stock is its {@code stock_quantity} as last changed (its insert, or
 * the newest update that changed {@code stock_quantity}), minus the quantities of the order items committed after
 * that change: an item created takes its quantity, an update the difference (on both products when it moves), a
 * delete gives its quantity back. Deleted products are not counted.
 */
final class ShopAudit {
    private static final String INSTALL =
            """
            CREATE TABLE bench_audit (
                seq            bigserial PRIMARY KEY,
                tbl            text NOT NULL,
                op             text NOT NULL,
                product_id     integer,
                old_product_id integer,
                item_id        integer,
                quantity       integer,
                old_quantity   integer,
                stock          integer,
                old_stock      integer);
            CREATE FUNCTION bench_audit_products() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    INSERT INTO bench_audit (tbl, op, product_id, stock) VALUES ('products', 'c', NEW.id, NEW.stock_quantity);
                ELSIF TG_OP = 'UPDATE' THEN
                    INSERT INTO bench_audit (tbl, op, product_id, stock, old_stock)
                    VALUES ('products', 'u', NEW.id, NEW.stock_quantity, OLD.stock_quantity);
                ELSE
                    INSERT INTO bench_audit (tbl, op, product_id, old_stock) VALUES ('products', 'd', OLD.id, OLD.stock_quantity);
                END IF;
                RETURN NULL;
            END $$;
            CREATE FUNCTION bench_audit_items() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    INSERT INTO bench_audit (tbl, op, item_id, product_id, quantity)
                    VALUES ('order_items', 'c', NEW.id, NEW.product_id, NEW.quantity);
                ELSIF TG_OP = 'UPDATE' THEN
                    INSERT INTO bench_audit (tbl, op, item_id, product_id, old_product_id, quantity, old_quantity)
                    VALUES ('order_items', 'u', NEW.id, NEW.product_id, OLD.product_id, NEW.quantity, OLD.quantity);
                ELSE
                    INSERT INTO bench_audit (tbl, op, item_id, old_product_id, old_quantity)
                    VALUES ('order_items', 'd', OLD.id, OLD.product_id, OLD.quantity);
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER bench_audit AFTER INSERT OR UPDATE OR DELETE ON products
                FOR EACH ROW EXECUTE FUNCTION bench_audit_products();
            CREATE TRIGGER bench_audit AFTER INSERT OR UPDATE OR DELETE ON order_items
                FOR EACH ROW EXECUTE FUNCTION bench_audit_items()""";

    /** Per product: the stock as last changed in the source, minus every item delta committed after that change. */
    static final String EXPECTED_STOCK =
            """
            WITH last_change AS (
                SELECT DISTINCT ON (product_id) product_id, seq, stock
                FROM bench_audit
                WHERE tbl = 'products' AND (op = 'c' OR (op = 'u' AND stock IS DISTINCT FROM old_stock))
                ORDER BY product_id, seq DESC),
            deltas AS (
                SELECT product_id, seq, quantity AS delta FROM bench_audit WHERE tbl = 'order_items' AND op = 'c'
                UNION ALL
                SELECT product_id, seq, quantity - old_quantity FROM bench_audit
                WHERE tbl = 'order_items' AND op = 'u' AND product_id = old_product_id
                UNION ALL
                SELECT product_id, seq, quantity FROM bench_audit
                WHERE tbl = 'order_items' AND op = 'u' AND product_id <> old_product_id
                UNION ALL
                SELECT old_product_id, seq, -old_quantity FROM bench_audit
                WHERE tbl = 'order_items' AND op = 'u' AND product_id <> old_product_id
                UNION ALL
                SELECT old_product_id, seq, -old_quantity FROM bench_audit WHERE tbl = 'order_items' AND op = 'd')
            SELECT p.id, l.stock - coalesce(sum(d.delta), 0)
            FROM products p
            JOIN last_change l ON l.product_id = p.id
            LEFT JOIN deltas d ON d.product_id = p.id AND d.seq > l.seq
            GROUP BY p.id, l.stock""";

    private ShopAudit() {}

    /** Installs the audit table and triggers; before any traffic. */
    static void install(Connection shop) throws SQLException {
        try (Statement st = shop.createStatement()) {
            st.execute(INSTALL);
        }
    }

    /** The stock every product that exists must have, by id. */
    static Map<Long, Long> expectedStock(Connection shop) throws SQLException {
        Map<Long, Long> stock = new HashMap<>();
        try (Statement st = shop.createStatement();
                ResultSet rs = st.executeQuery(EXPECTED_STOCK)) {
            while (rs.next()) {
                stock.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return stock;
    }

    /** Ids of the products deleted in the source. */
    static Set<Long> deletedProducts(Connection shop) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Statement st = shop.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT product_id FROM bench_audit WHERE tbl = 'products' AND op = 'd'")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** What the audit recorded, by table and operation: {@code products c 120, products u 80, ...}. */
    static String summary(Connection shop) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (Statement st = shop.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT tbl, op, count(*) FROM bench_audit GROUP BY tbl, op ORDER BY tbl DESC, op")) {
            while (rs.next()) {
                b.append(b.isEmpty() ? "" : ", ")
                        .append(rs.getString(1))
                        .append(' ')
                        .append(rs.getString(2))
                        .append(' ')
                        .append(String.format("%,d", rs.getLong(3)));
            }
        }
        return b.toString();
    }
}
