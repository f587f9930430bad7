package io.sluice.cdcsource;

import io.sluice.testkit.TestDatabase;

/**
 * The changes the tests and the fixture capture make in {@code shop}: what the original's test script does (an order
 * created with total 0, then its items, then the total), plus price and stock updates, a status change, a deleted
 * item and a deleted product. Prices 29.99, 1299.99, 19.99, 0.29 and 4.35 are the ones that float arithmetic gets
 * wrong.
 */
final class ShopScenario {
    private ShopScenario() {}

    /** Rows present before the engine first starts: they arrive as snapshot reads ({@code op=r}). */
    static void seed(TestDatabase db) {
        db.execute("INSERT INTO products (id, name, description, price, stock_quantity) VALUES"
                + " (1, 'Laptop', 'High-Performance Laptop', 1299.99, 50),"
                + " (2, 'Wireless Mouse', 'High-Performance Wireless Mouse', 29.99, 200)");
        db.execute("SELECT setval('products_id_seq', 2)");
    }

    /** Changes after the engine streams: products 3 created, updated, deleted; an order with two items. */
    static void changes(TestDatabase db) {
        db.execute("INSERT INTO products (id, name, description, price, stock_quantity) VALUES"
                + " (3, 'USB Cable', '27-inch 4K monitor cable', 19.99, 100),"
                + " (4, 'Sticker', NULL, 0.29, 1000),"
                + " (5, 'Pen', 'Blue pen', 4.35, 10)");
        db.execute("INSERT INTO orders (id, customer_id, total_amount, status) VALUES (1, 42, 0, 'pending')");
        db.execute("INSERT INTO order_items (id, order_id, product_id, quantity, price) VALUES"
                + " (1, 1, 1, 1, 1299.99), (2, 1, 2, 2, 29.99)");
        db.execute("UPDATE orders SET total_amount = 1359.97, updated_at = now() WHERE id = 1");
        db.execute("UPDATE products SET price = 24.99, stock_quantity = 150, updated_at = now() WHERE id = 2");
        db.execute("UPDATE orders SET status = 'shipped', updated_at = now() WHERE id = 1");
        db.execute("UPDATE order_items SET quantity = 3 WHERE id = 2");
        db.execute("DELETE FROM order_items WHERE id = 2");
        db.execute("DELETE FROM products WHERE id = 3");
    }
}
