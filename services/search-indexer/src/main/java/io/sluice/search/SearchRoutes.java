package io.sluice.search;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.sluice.http.ApiException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The search API: {@code GET /products/search?q=&min_price=&max_price=&in_stock=&limit=&cursor=} and {@code GET
 * /products/{product_id}}. Prices are currency units, JSON numbers with two decimals ({@code 19.99}), as
 * {@code min_price} and {@code max_price} take them. Thin handlers; a caller mistake is a 400 {@code {"error",
 * "field", "value"}} naming the parameter; an unreachable store is a 503 (registered by the service for its store's
 * exception type).
 */
final class SearchRoutes {
    static final String NOT_FOUND = "Product not found";
    static final int DEFAULT_LIMIT = 20;
    /** More query words than any search box sends: a bound on the postings one request reads. */
    static final int MAX_TOKENS = 32;

    private final SearchStore store;
    private final Timer latency;

    SearchRoutes(SearchStore store, Timer latency) {
        this.store = store;
        this.latency = latency;
    }

    void register(RoutesConfig routes) {
        routes.get("/products/search", this::search);
        routes.get("/products/{product_id}", this::get);
    }

    private void get(Context ctx) {
        String raw = ctx.pathParam("product_id");
        long id;
        try {
            id = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw bad("product_id", "product_id must be an integer", raw);
        }
        ProductDocument d = store.find(id).orElseThrow(() -> new ApiException(404, NOT_FOUND));
        ctx.json(item(d));
    }

    private void search(Context ctx) {
        SearchQuery query = query(ctx);
        SearchPage page = latency.record(() -> store.search(query));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", ctx.queryParam("q"));
        body.put("results", page.hits().stream().map(SearchRoutes::result).toList());
        body.put("next_cursor", page.nextCursor());
        ctx.json(body);
    }

    /** The query the parameters ask for, or a 400 naming the first bad one. */
    static SearchQuery query(Context ctx) {
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) {
            throw ApiException.badField("q", "q is required");
        }
        List<String> tokens = SearchTokens.of(q);
        if (tokens.isEmpty()) {
            throw bad("q", "q must contain at least one letter or digit", q);
        }
        if (tokens.size() > MAX_TOKENS) {
            throw bad("q", "q must have at most " + MAX_TOKENS + " words", q);
        }
        Long min = price(ctx, "min_price");
        Long max = price(ctx, "max_price");
        if (min != null && max != null && min > max) {
            throw bad("min_price", "min_price must not be greater than max_price", ctx.queryParam("min_price"));
        }
        boolean inStock = inStock(ctx);
        int limit = limit(ctx);
        String cursor = ctx.queryParam("cursor");
        if (cursor == null || cursor.isEmpty()) {
            cursor = null;
        } else {
            try {
                SearchCursor.decode(cursor);
            } catch (IllegalArgumentException e) {
                throw bad("cursor", "cursor must be a next_cursor value from a previous page", cursor);
            }
        }
        return new SearchQuery(tokens, min, max, inStock, limit, cursor);
    }

    private static Long price(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            long cents = Prices.parseCents(raw);
            if (cents >= 0) {
                return cents;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // the same answer as a negative price
        }
        throw bad(name, name + " must be a number of at least 0 with at most two decimals", raw);
    }

    private static boolean inStock(Context ctx) {
        String raw = ctx.queryParam("in_stock");
        if (raw == null || raw.isEmpty()) {
            return false;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad("in_stock", "in_stock must be true or false", raw);
        };
    }

    private static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= SearchQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the same answer as out of range
        }
        throw bad("limit", "limit must be an integer between 1 and " + SearchQuery.MAX_LIMIT, raw);
    }

    private static ApiException bad(String field, String rule, String value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("field", field);
        fields.put("value", value);
        return new ApiException(400, rule, fields);
    }

    static Map<String, Object> result(SearchHit hit) {
        ProductDocument d = hit.product();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("product_id", d.productId());
        m.put("name", d.name());
        m.put("description", d.description());
        m.put("price", units(d.priceCents()));
        m.put("price_display", d.priceDisplay());
        m.put("stock_quantity", d.stockQuantity());
        m.put("score", hit.score());
        return m;
    }

    /** The seed's item, with the price in currency units and also in cents. */
    static Map<String, Object> item(ProductDocument d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("product_id", d.productId());
        m.put("name", d.name());
        m.put("name_lower", d.nameLower());
        m.put("description", d.description());
        m.put("price", units(d.priceCents()));
        m.put("price_cents", d.priceCents());
        m.put("price_display", d.priceDisplay());
        m.put("stock_quantity", d.stockQuantity());
        m.put("search_tokens", d.searchTokens());
        m.put(
                "indexed_at",
                LocalDateTime.ofInstant(d.indexedAt(), ZoneOffset.UTC).toString());
        m.put("cdc_timestamp", d.cdcTimestamp());
        return m;
    }

    private static BigDecimal units(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
