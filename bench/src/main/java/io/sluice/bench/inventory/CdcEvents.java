package io.sluice.bench.inventory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Change events of the shop's {@code products}, {@code orders} and {@code order_items} in the format the {@code cdc-source} (and
 * Debezium on Kafka Connect with the original's settings) publishes: JSON with schemas, {@code ExtractNewRecordState}
 * with {@code delete.handling.mode=rewrite} and {@code add.fields=op,source.ts_ms,source.db,source.table,lsn}, keyed
 * by the JSON key with the row's id. The schemas are those of the captured fixtures
 * ({@code sluice-testkit/src/main/resources/debezium/flattened.jsonl}), character for character. Also used by {@code
 * bench search} and {@code bench analytics}. Stateless.
 */
public final class CdcEvents {
    private static final String PRODUCTS_KEY_SCHEMA =
            "{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,\"default\":0,\"field\":\"id\"}],"
                    + "\"optional\":false,\"name\":\"dbserver1.public.products.Key\"}";
    private static final String ITEMS_KEY_SCHEMA =
            "{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,\"default\":0,\"field\":\"id\"}],"
                    + "\"optional\":false,\"name\":\"dbserver1.public.order_items.Key\"}";
    private static final String ORDERS_KEY_SCHEMA =
            "{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,\"default\":0,\"field\":\"id\"}],"
                    + "\"optional\":false,\"name\":\"dbserver1.public.orders.Key\"}";
    private static final String DECIMAL_FIELD = "{\"type\":\"bytes\",\"optional\":false,"
            + "\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,"
            + "\"parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"10\"},\"field\":\"%s\"}";
    private static final String DECIMAL_10_2 = DECIMAL_FIELD.formatted("price");
    private static final String META_FIELDS = "{\"type\":\"string\",\"optional\":true,\"field\":\"__deleted\"},"
            + "{\"type\":\"string\",\"optional\":true,\"field\":\"__op\"},"
            + "{\"type\":\"int64\",\"optional\":true,\"field\":\"__source_ts_ms\"},"
            + "{\"type\":\"string\",\"optional\":true,\"field\":\"__source_db\"},"
            + "{\"type\":\"string\",\"optional\":true,\"field\":\"__source_table\"},"
            + "{\"type\":\"int64\",\"optional\":true,\"field\":\"__lsn\"}";
    private static final String MICRO_TIMESTAMP = "{\"type\":\"int64\",\"optional\":true,"
            + "\"name\":\"io.debezium.time.MicroTimestamp\",\"version\":1,\"default\":0,\"field\":\"%s\"}";
    private static final String PRODUCTS_VALUE_SCHEMA = "{\"type\":\"struct\",\"fields\":["
            + "{\"type\":\"int32\",\"optional\":false,\"default\":0,\"field\":\"id\"},"
            + "{\"type\":\"string\",\"optional\":false,\"field\":\"name\"},"
            + "{\"type\":\"string\",\"optional\":true,\"field\":\"description\"},"
            + DECIMAL_10_2 + ","
            + "{\"type\":\"int32\",\"optional\":false,\"default\":0,\"field\":\"stock_quantity\"},"
            + MICRO_TIMESTAMP.formatted("created_at") + ","
            + MICRO_TIMESTAMP.formatted("updated_at") + ","
            + META_FIELDS
            + "],\"optional\":false,\"name\":\"dbserver1.public.products.Value\"}";
    private static final String ITEMS_VALUE_SCHEMA = "{\"type\":\"struct\",\"fields\":["
            + "{\"type\":\"int32\",\"optional\":false,\"default\":0,\"field\":\"id\"},"
            + "{\"type\":\"int32\",\"optional\":false,\"field\":\"order_id\"},"
            + "{\"type\":\"int32\",\"optional\":false,\"field\":\"product_id\"},"
            + "{\"type\":\"int32\",\"optional\":false,\"field\":\"quantity\"},"
            + DECIMAL_10_2 + ","
            + MICRO_TIMESTAMP.formatted("created_at") + ","
            + META_FIELDS
            + "],\"optional\":false,\"name\":\"dbserver1.public.order_items.Value\"}";

    private static final String ORDERS_VALUE_SCHEMA = "{\"type\":\"struct\",\"fields\":["
            + "{\"type\":\"int32\",\"optional\":false,\"default\":0,\"field\":\"id\"},"
            + "{\"type\":\"int32\",\"optional\":false,\"field\":\"customer_id\"},"
            + DECIMAL_FIELD.formatted("total_amount") + ","
            + "{\"type\":\"string\",\"optional\":false,\"field\":\"status\"},"
            + MICRO_TIMESTAMP.formatted("created_at") + ","
            + MICRO_TIMESTAMP.formatted("updated_at") + ","
            + META_FIELDS
            + "],\"optional\":false,\"name\":\"dbserver1.public.orders.Value\"}";

    private CdcEvents() {}

    /** Where and when a change happened in the source: the operation, commit time and the change's LSN. */
    public record Source(char op, long tsMillis, long lsn) {
        boolean deleted() {
            return op == 'd';
        }
    }

    /** A product row as the source holds it (before the delete, for a delete). */
    public record Product(
            long id,
            String name,
            String description,
            BigDecimal price,
            int stockQuantity,
            long createdMicros,
            long updatedMicros) {}

    /** An order row (its {@code total_amount} as the shop keeps it: the sum of its items unless changed later). */
    public record Order(
            long id, long customerId, BigDecimal totalAmount, String status, long createdMicros, long updatedMicros) {}

    /** An order item row. */
    public record Item(long id, long orderId, long productId, int quantity, BigDecimal price, long createdMicros) {}

    public static byte[] productKey(long id) {
        return key(PRODUCTS_KEY_SCHEMA, id);
    }

    public static byte[] orderKey(long id) {
        return key(ORDERS_KEY_SCHEMA, id);
    }

    public static byte[] itemKey(long id) {
        return key(ITEMS_KEY_SCHEMA, id);
    }

    public static byte[] productValue(Product p, Source s) {
        StringBuilder b = new StringBuilder(PRODUCTS_VALUE_SCHEMA.length() + 320);
        b.append("{\"schema\":")
                .append(PRODUCTS_VALUE_SCHEMA)
                .append(",\"payload\":{\"id\":")
                .append(p.id());
        b.append(",\"name\":");
        string(b, p.name());
        b.append(",\"description\":");
        string(b, p.description());
        b.append(",\"price\":\"").append(decimal(p.price())).append('"');
        b.append(",\"stock_quantity\":").append(p.stockQuantity());
        b.append(",\"created_at\":").append(p.createdMicros());
        b.append(",\"updated_at\":").append(p.updatedMicros());
        meta(b, s, "products");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] orderValue(Order o, Source s) {
        StringBuilder b = new StringBuilder(ORDERS_VALUE_SCHEMA.length() + 256);
        b.append("{\"schema\":")
                .append(ORDERS_VALUE_SCHEMA)
                .append(",\"payload\":{\"id\":")
                .append(o.id());
        b.append(",\"customer_id\":").append(o.customerId());
        b.append(",\"total_amount\":\"").append(decimal(o.totalAmount())).append('"');
        b.append(",\"status\":");
        string(b, o.status());
        b.append(",\"created_at\":").append(o.createdMicros());
        b.append(",\"updated_at\":").append(o.updatedMicros());
        meta(b, s, "orders");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] itemValue(Item i, Source s) {
        StringBuilder b = new StringBuilder(ITEMS_VALUE_SCHEMA.length() + 256);
        b.append("{\"schema\":")
                .append(ITEMS_VALUE_SCHEMA)
                .append(",\"payload\":{\"id\":")
                .append(i.id());
        b.append(",\"order_id\":").append(i.orderId());
        b.append(",\"product_id\":").append(i.productId());
        b.append(",\"quantity\":").append(i.quantity());
        b.append(",\"price\":\"").append(decimal(i.price())).append('"');
        b.append(",\"created_at\":").append(i.createdMicros());
        meta(b, s, "order_items");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Kafka Connect's {@code Decimal}: the unscaled value's two's-complement big-endian bytes, in base64. */
    static String decimal(BigDecimal value) {
        return Base64.getEncoder()
                .encodeToString(value.setScale(2).unscaledValue().toByteArray());
    }

    private static void meta(StringBuilder b, Source s, String table) {
        b.append(",\"__deleted\":\"").append(s.deleted()).append('"');
        b.append(",\"__op\":\"").append(s.op()).append('"');
        b.append(",\"__source_ts_ms\":").append(s.tsMillis());
        b.append(",\"__source_db\":\"shop\",\"__source_table\":\"")
                .append(table)
                .append('"');
        b.append(",\"__lsn\":").append(s.lsn()).append("}}");
    }

    private static byte[] key(String schema, long id) {
        return ("{\"schema\":" + schema + ",\"payload\":{\"id\":" + id + "}}").getBytes(StandardCharsets.UTF_8);
    }

    private static void string(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        b.append('"');
    }
}
