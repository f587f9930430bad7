package io.sluice.inventory;

import io.sluice.cdc.SourcePosition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB store's table names and item layouts. The product item is the seed's (SPEC.md §5.3: {@code
 * product_id} N, {@code name} S, {@code description} S or NULL, {@code price} S with two decimals, {@code
 * stock_quantity} N, {@code last_updated} S naive UTC ISO, {@code cdc_timestamp} N) plus bookkeeping: {@code
 * source_stock}, the product and stock positions, {@code deleted}, {@code version} and the watermarks {@code
 * applied}. Ledger and pending rows share one key: {@code product_id} N and {@code pos} S ({@code
 * <commitLsn>:<changeLsn>:<itemId>}, zero-padded).
 */
final class DynamoInventoryItems {
    private final String products;

    /** A product as stored, with its optimistic-locking version and its watermarks. */
    record StoredProduct(ProductState state, long version, Map<String, Long> applied) {}

    /** A ledger row: the delta and the record (watermark key and offset) that wrote it. */
    record LedgerRow(SourcePosition position, long delta, String watermark, long offset) {}

    DynamoInventoryItems(String products) {
        this.products = products;
    }

    String products() {
        return products;
    }

    String items() {
        return products + "-order-items";
    }

    String ledger() {
        return products + "-ledger";
    }

    String pending() {
        return products + "-pending";
    }

    String alerts() {
        return products + "-alerts";
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue s(String value) {
        return value == null ? AttributeValue.fromNul(true) : AttributeValue.fromS(value);
    }

    static long num(AttributeValue value) {
        return Long.parseLong(value.n());
    }

    private static String str(AttributeValue value) {
        return value == null || Boolean.TRUE.equals(value.nul()) ? null : value.s();
    }

    static String pos(SourcePosition position, long itemId) {
        return String.format("%020d:%020d:%020d", position.commitLsn(), position.changeLsn(), itemId);
    }

    static Map<String, AttributeValue> productAttributes(ProductState p, long version, Map<String, Long> applied) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("product_id", n(p.productId));
        item.put("name", s(p.name));
        item.put("description", s(p.description));
        item.put(
                "price",
                s(
                        p.price == null
                                ? null
                                : p.price.setScale(2, RoundingMode.HALF_UP).toPlainString()));
        item.put("stock_quantity", n(p.stock));
        item.put(
                "last_updated",
                s(LocalDateTime.ofInstant(p.lastUpdated, ZoneOffset.UTC).toString()));
        item.put("cdc_timestamp", n(p.cdcTimestamp));
        item.put("source_stock", n(p.sourceStock));
        item.put("product_commit_lsn", n(p.productPosition.commitLsn()));
        item.put("product_change_lsn", n(p.productPosition.changeLsn()));
        item.put("stock_commit_lsn", n(p.stockPosition.commitLsn()));
        item.put("stock_change_lsn", n(p.stockPosition.changeLsn()));
        item.put("deleted", AttributeValue.fromBool(p.deleted));
        item.put("version", n(version));
        Map<String, AttributeValue> marks = new HashMap<>();
        applied.forEach((k, v) -> marks.put(k, n(v)));
        item.put("applied", AttributeValue.fromM(marks));
        return item;
    }

    static StoredProduct product(Map<String, AttributeValue> item) {
        ProductState p = new ProductState(num(item.get("product_id")));
        p.name = str(item.get("name"));
        p.description = str(item.get("description"));
        String price = str(item.get("price"));
        p.price = price == null ? null : new BigDecimal(price);
        p.stock = num(item.get("stock_quantity"));
        p.lastUpdated = LocalDateTime.parse(str(item.get("last_updated"))).toInstant(ZoneOffset.UTC);
        p.cdcTimestamp = num(item.get("cdc_timestamp"));
        p.sourceStock = num(item.get("source_stock"));
        p.productPosition =
                new SourcePosition(num(item.get("product_commit_lsn")), num(item.get("product_change_lsn")));
        p.stockPosition = new SourcePosition(num(item.get("stock_commit_lsn")), num(item.get("stock_change_lsn")));
        p.deleted = Boolean.TRUE.equals(item.get("deleted").bool());
        Map<String, Long> applied = new HashMap<>();
        AttributeValue marks = item.get("applied");
        if (marks != null && marks.hasM()) {
            marks.m().forEach((k, v) -> applied.put(k, num(v)));
        }
        return new StoredProduct(p, num(item.get("version")), applied);
    }

    static Map<String, AttributeValue> itemAttributes(ItemState i) {
        return Map.of(
                "item_id", n(i.itemId()),
                "product_id", n(i.productId()),
                "quantity", n(i.quantity()),
                "commit_lsn", n(i.position().commitLsn()),
                "change_lsn", n(i.position().changeLsn()));
    }

    static ItemState item(Map<String, AttributeValue> item) {
        return new ItemState(
                num(item.get("item_id")),
                num(item.get("product_id")),
                num(item.get("quantity")),
                new SourcePosition(num(item.get("commit_lsn")), num(item.get("change_lsn"))));
    }

    Map<String, AttributeValue> ledgerItem(LedgerEntry e, String watermark, long offset) {
        return Map.of(
                "product_id", n(e.productId()),
                "pos", s(pos(e.position(), e.itemId())),
                "commit_lsn", n(e.position().commitLsn()),
                "change_lsn", n(e.position().changeLsn()),
                "item_id", n(e.itemId()),
                "delta", n(e.delta()),
                "watermark", s(watermark),
                "source_offset", n(offset));
    }

    static LedgerRow ledgerRow(Map<String, AttributeValue> row) {
        return new LedgerRow(
                new SourcePosition(num(row.get("commit_lsn")), num(row.get("change_lsn"))),
                num(row.get("delta")),
                str(row.get("watermark")),
                num(row.get("source_offset")));
    }

    Map<String, AttributeValue> pendingKey(PendingItem p) {
        return Map.of("product_id", n(p.productId()), "pos", s(pos(p.position(), p.itemId())));
    }

    Map<String, AttributeValue> pendingItem(PendingItem p) {
        Map<String, AttributeValue> item = new HashMap<>(pendingKey(p));
        item.put("commit_lsn", n(p.position().commitLsn()));
        item.put("change_lsn", n(p.position().changeLsn()));
        item.put("item_id", n(p.itemId()));
        item.put("topic", s(p.topic()));
        item.put("kafka_partition", n(p.partition()));
        item.put("kafka_offset", n(p.offset()));
        if (p.key() != null) {
            item.put("record_key", AttributeValue.fromB(SdkBytes.fromByteArray(p.key())));
        }
        if (p.value() != null) {
            item.put("record_value", AttributeValue.fromB(SdkBytes.fromByteArray(p.value())));
        }
        item.put("first_seen_ms", n(p.firstSeen().toEpochMilli()));
        return item;
    }

    PendingItem pending(Map<String, AttributeValue> row) {
        AttributeValue key = row.get("record_key");
        AttributeValue value = row.get("record_value");
        return new PendingItem(
                num(row.get("product_id")),
                new SourcePosition(num(row.get("commit_lsn")), num(row.get("change_lsn"))),
                num(row.get("item_id")),
                str(row.get("topic")),
                (int) num(row.get("kafka_partition")),
                num(row.get("kafka_offset")),
                key == null ? null : key.b().asByteArray(),
                value == null ? null : value.b().asByteArray(),
                Instant.ofEpochMilli(num(row.get("first_seen_ms"))));
    }

    static Map<String, AttributeValue> alertAttributes(LowStockAlert a) {
        return Map.of(
                "id", n(a.id()),
                "product_id", n(a.productId()),
                "stock", n(a.stock()),
                "threshold", n(a.threshold()),
                "raised_at_ms", n(a.raisedAt().toEpochMilli()));
    }

    static LowStockAlert alert(Map<String, AttributeValue> row) {
        return new LowStockAlert(
                num(row.get("id")),
                num(row.get("product_id")),
                num(row.get("stock")),
                (int) num(row.get("threshold")),
                Instant.ofEpochMilli(num(row.get("raised_at_ms"))));
    }
}
