package io.sluice.demo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic traffic on the shop's source tables ({@code products}, {@code orders}, {@code order_items}; the schema
 * cdc-source creates): each {@link #step()} draws a {@link ShopAction} and does it in auto-commit statements, as the
 * shop application and the original's test script would, so that each statement is its own change event. The prices
 * include 29.99, 1299.99, 19.99, 0.29 and 4.35, the ones float arithmetic gets wrong.
 *
 * <p>Not thread-safe: one generator per connection. Throws {@link SQLException} as it comes; a step that finds
 * nothing to act on (no pending order to cancel, say) does a {@link ShopAction#NEW_PRODUCT} or {@link
 * ShopAction#NEW_ORDER} instead, and reports that.
 */
public final class ShopTraffic {
    static final List<BigDecimal> PRICES = List.of(
            new BigDecimal("29.99"),
            new BigDecimal("1299.99"),
            new BigDecimal("19.99"),
            new BigDecimal("0.29"),
            new BigDecimal("4.35"),
            new BigDecimal("9.99"),
            new BigDecimal("149.00"),
            new BigDecimal("74.50"));
    private static final String[] NAMES = {
        "Laptop",
        "Wireless Mouse",
        "USB Cable",
        "Monitor",
        "Keyboard",
        "Headphones",
        "Webcam",
        "Desk Lamp",
        "Sticker",
        "Pen"
    };
    private static final String[] ADJECTIVES = {"High-Performance", "Compact", "Ergonomic", "27-inch 4K", "Budget"};
    private static final List<String> NEXT_STATUS = List.of("pending", "processing", "shipped", "delivered");

    private final Connection connection;
    private final Random random;

    /** @param connection an open connection to {@code shop}, in auto-commit mode; the caller closes it */
    public ShopTraffic(Connection connection, long seed) throws SQLException {
        this.connection = connection;
        this.random = new Random(seed);
        connection.setAutoCommit(true);
    }

    /** One step: draws an action and does it; returns a line saying what was done. */
    public Step step() throws SQLException {
        return run(ShopAction.forDraw(random.nextInt(100)));
    }

    /** What a step did: the action and a line for a person ({@code order 12: 2 items, total 1329.98}). */
    public record Step(ShopAction action, String description) {}

    Step run(ShopAction action) throws SQLException {
        return switch (action) {
            case NEW_PRODUCT -> newProduct();
            case NEW_ORDER -> newOrder();
            case ORDER_STATUS -> advanceOrder();
            case PRICE_UPDATE -> changePrice();
            case STOCK_UPDATE -> restock();
            case CANCEL_ORDER -> cancelOrder();
            case DELETE_ITEM -> deleteItem();
            case DELETE_PRODUCT -> deleteProduct();
        };
    }

    private Step newProduct() throws SQLException {
        String name = ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " " + NAMES[random.nextInt(NAMES.length)];
        BigDecimal price = PRICES.get(random.nextInt(PRICES.size()));
        int stock = 20 + random.nextInt(480);
        long id = insertReturningId(
                "INSERT INTO products (name, description, price, stock_quantity) VALUES (?, ?, ?, ?) RETURNING id",
                name,
                name + " from the Sluice demo shop",
                price,
                stock);
        return new Step(ShopAction.NEW_PRODUCT, "product " + id + " '" + name + "' at " + price + ", stock " + stock);
    }

    private Step newOrder() throws SQLException {
        int items = 1 + random.nextInt(3);
        List<long[]> lines = new ArrayList<>();
        List<BigDecimal> prices = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            Long product = pick("SELECT id FROM products ORDER BY random() LIMIT 1");
            if (product == null) {
                return newProduct();
            }
            lines.add(new long[] {product, 1 + random.nextInt(3)});
            prices.add(priceOf(product));
        }
        int customer = 1 + random.nextInt(500);
        long order = insertReturningId(
                "INSERT INTO orders (customer_id, total_amount, status) VALUES (?, 0, 'pending') RETURNING id",
                customer);
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            long[] l = lines.get(i);
            update(
                    "INSERT INTO order_items (order_id, product_id, quantity, price) VALUES (?, ?, ?, ?)",
                    order,
                    l[0],
                    (int) l[1],
                    prices.get(i));
            total = total.add(prices.get(i).multiply(BigDecimal.valueOf(l[1])));
        }
        update("UPDATE orders SET total_amount = ?, updated_at = now() WHERE id = ?", total, order);
        return new Step(
                ShopAction.NEW_ORDER,
                "order " + order + " for customer " + customer + ": " + lines.size() + " items, total " + total);
    }

    private Step advanceOrder() throws SQLException {
        Long order = pick("SELECT id FROM orders WHERE status IN ('pending', 'processing', 'shipped')"
                + " ORDER BY random() LIMIT 1");
        if (order == null) {
            return newOrder();
        }
        String status = text("SELECT status FROM orders WHERE id = " + order);
        String next = NEXT_STATUS.get(NEXT_STATUS.indexOf(status) + 1);
        update("UPDATE orders SET status = ?, updated_at = now() WHERE id = ?", next, order);
        return new Step(ShopAction.ORDER_STATUS, "order " + order + ": " + status + " -> " + next);
    }

    private Step changePrice() throws SQLException {
        Long product = pick("SELECT id FROM products ORDER BY random() LIMIT 1");
        if (product == null) {
            return newProduct();
        }
        BigDecimal price = PRICES.get(random.nextInt(PRICES.size()));
        update("UPDATE products SET price = ?, updated_at = now() WHERE id = ?", price, product);
        return new Step(ShopAction.PRICE_UPDATE, "product " + product + ": price " + price);
    }

    private Step restock() throws SQLException {
        Long product = pick("SELECT id FROM products ORDER BY random() LIMIT 1");
        if (product == null) {
            return newProduct();
        }
        int more = 10 + random.nextInt(90);
        update(
                "UPDATE products SET stock_quantity = stock_quantity + ?, updated_at = now() WHERE id = ?",
                more,
                product);
        return new Step(ShopAction.STOCK_UPDATE, "product " + product + ": stock +" + more);
    }

    private Step cancelOrder() throws SQLException {
        Long order = pick("SELECT id FROM orders WHERE status = 'pending' ORDER BY random() LIMIT 1");
        if (order == null) {
            return newOrder();
        }
        update("UPDATE orders SET status = 'cancelled', updated_at = now() WHERE id = ?", order);
        return new Step(ShopAction.CANCEL_ORDER, "order " + order + ": cancelled");
    }

    private Step deleteItem() throws SQLException {
        Long item = pick("SELECT i.id FROM order_items i JOIN orders o ON o.id = i.order_id"
                + " WHERE o.status = 'pending' ORDER BY random() LIMIT 1");
        if (item == null) {
            return newOrder();
        }
        long order = pick("SELECT order_id FROM order_items WHERE id = " + item);
        update("DELETE FROM order_items WHERE id = ?", item);
        update(
                "UPDATE orders SET total_amount = (SELECT coalesce(sum(price * quantity), 0) FROM order_items"
                        + " WHERE order_id = ?), updated_at = now() WHERE id = ?",
                order,
                order);
        return new Step(ShopAction.DELETE_ITEM, "order " + order + ": item " + item + " removed");
    }

    private Step deleteProduct() throws SQLException {
        Long product = pick("SELECT p.id FROM products p WHERE NOT EXISTS"
                + " (SELECT 1 FROM order_items i WHERE i.product_id = p.id) ORDER BY random() LIMIT 1");
        if (product == null) {
            return newProduct();
        }
        update("DELETE FROM products WHERE id = ?", product);
        return new Step(ShopAction.DELETE_PRODUCT, "product " + product + ": deleted");
    }

    private BigDecimal priceOf(long product) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT price FROM products WHERE id = " + product)) {
            return rs.next() ? rs.getBigDecimal(1) : PRICES.get(0);
        }
    }

    private Long pick(String sql) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    private String text(String sql) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long insertReturningId(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(sql, args);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(sql, args)) {
            ps.executeUpdate();
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }
}
