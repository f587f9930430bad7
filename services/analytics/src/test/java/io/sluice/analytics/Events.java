package io.sluice.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.testkit.DebeziumFixtures;
import java.util.List;

/**
 * Debezium change events for tests: flattened ({@code ExtractNewRecordState}) events without schemas, built by hand
 * (decimals as strings, times as ISO-8601), and the events captured from a real Debezium run (copied from sluice-cdc's
 * test resources: one JSON line per Kafka record, {@code {"topic","key","value"}}, values byte for byte).
 */
final class Events {
    static final String ORDERS = "dbserver1.public.orders";
    static final String ITEMS = "dbserver1.public.order_items";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Line(String topic, String key, String value) {}

    private Events() {}

    static String order(String op, long id, long customer, String amount, String status, String created, long lsn) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("customer_id", customer);
        n.put("total_amount", amount);
        n.put("status", status);
        n.put("created_at", created);
        return meta(n, op, "orders", lsn);
    }

    static String item(String op, long id, long order, long product, long quantity, String price, long lsn) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("order_id", order);
        n.put("product_id", product);
        n.put("quantity", quantity);
        n.put("price", price);
        return meta(n, op, "order_items", lsn);
    }

    /** An order event with its amount as base64, as Debezium's default {@code decimal.handling.mode} sends it. */
    static String orderBase64(String op, OrderRow o, long lsn) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", o.id());
        n.put("customer_id", o.customerId());
        n.put("total_amount", ShopModel.base64(o.totalAmount()));
        n.put("status", o.status());
        n.put(
                "created_at",
                o.createdAt().getEpochSecond() * 1_000_000L + o.createdAt().getNano() / 1_000);
        return meta(n, op, "orders", lsn);
    }

    static String itemBase64(String op, ItemRow i, long lsn) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", i.id());
        n.put("order_id", i.orderId());
        n.put("product_id", i.productId());
        n.put("quantity", i.quantity());
        n.put("price", ShopModel.base64(i.price()));
        return meta(n, op, "order_items", lsn);
    }

    private static String meta(ObjectNode n, String op, String table, long lsn) {
        n.put("__op", op);
        n.put("__deleted", op.equals("d") ? "true" : "false");
        n.put("__source_ts_ms", 1_796_407_847_000L);
        n.put("__source_table", table);
        n.put("__lsn", lsn);
        return n.toString();
    }

    /** The captured events of {@code orders} and {@code order_items} in one fixture ({@code flattened}, {@code full}). */
    static List<Line> captured(String name) {
        return DebeziumFixtures.load(name).stream()
                .filter(l -> l.topic().equals(ORDERS) || l.topic().equals(ITEMS))
                .map(l -> new Line(l.topic(), l.key(), l.value()))
                .toList();
    }
}
