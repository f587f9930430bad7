package io.sluice.inventory;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.http.ApiException;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inventory API: {@code GET /inventory/{product_id}}, {@code GET /inventory/low-stock?threshold=&limit=},
 * {@code GET /inventory?limit=&cursor=}. Items carry the seed's attribute names (SPEC.md §5.3): {@code product_id}
 * (a number), {@code name}, {@code description} ({@code ""} when null), {@code price} (a two-decimal string),
 * {@code stock_quantity}, {@code last_updated} (naive UTC ISO), {@code cdc_timestamp} (ms), plus {@code oversold}.
 * Thin handlers; a caller mistake is a 400 naming the field; an unreachable store is a 503 (registered by the
 * service for its store's exception type).
 */
final class InventoryRoutes {
    static final String NOT_FOUND = "Product not found";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final long MAX_THRESHOLD = 1_000_000_000L;

    private final InventoryStore store;
    private final int defaultThreshold;

    InventoryRoutes(InventoryStore store, int defaultThreshold) {
        this.store = store;
        this.defaultThreshold = defaultThreshold;
    }

    void register(RoutesConfig routes) {
        routes.get("/inventory/low-stock", this::lowStock);
        routes.get("/inventory/{product_id}", this::get);
        routes.get("/inventory", this::list);
    }

    private void get(Context ctx) {
        String raw = ctx.pathParam("product_id");
        long id = parseLong(raw, "product_id", "product_id must be an integer", Long.MIN_VALUE, Long.MAX_VALUE);
        InventoryItem item = store.find(id).orElseThrow(() -> new ApiException(404, NOT_FOUND));
        ctx.json(render(item));
    }

    private void lowStock(Context ctx) {
        long threshold = longParam(ctx, "threshold", defaultThreshold, -MAX_THRESHOLD, MAX_THRESHOLD);
        int limit = (int) longParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("threshold", threshold);
        body.put(
                "items",
                store.lowStock(threshold, limit).stream()
                        .map(InventoryRoutes::render)
                        .toList());
        ctx.json(body);
    }

    private void list(Context ctx) {
        int limit = (int) longParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String cursor = ctx.queryParam("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            parseLong(
                    cursor,
                    "cursor",
                    "cursor must be a next_cursor value from a previous page",
                    Long.MIN_VALUE,
                    Long.MAX_VALUE);
        } else {
            cursor = null;
        }
        InventoryPage page = store.list(limit, cursor);
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> items =
                page.items().stream().map(InventoryRoutes::render).toList();
        body.put("items", items);
        body.put("limit", limit);
        body.put("next_cursor", page.nextCursor());
        ctx.json(body);
    }

    static Map<String, Object> render(InventoryItem item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("product_id", item.productId());
        m.put("name", item.name());
        m.put("description", item.description() == null ? "" : item.description());
        m.put(
                "price",
                item.price() == null
                        ? null
                        : item.price().setScale(2, RoundingMode.HALF_UP).toPlainString());
        m.put("stock_quantity", item.stockQuantity());
        m.put(
                "last_updated",
                item.lastUpdated() == null
                        ? null
                        : LocalDateTime.ofInstant(item.lastUpdated(), ZoneOffset.UTC)
                                .toString());
        m.put("cdc_timestamp", item.cdcTimestamp());
        m.put("oversold", item.oversold());
        return m;
    }

    private static long longParam(Context ctx, String name, long defaultValue, long min, long max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        return parseLong(raw, name, name + " must be an integer between " + min + " and " + max, min, max);
    }

    private static long parseLong(String raw, String field, String rule, long min, long max) {
        try {
            long v = Long.parseLong(raw.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the same answer as out of range
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("field", field);
        fields.put("value", raw);
        throw new ApiException(400, rule, fields);
    }
}
