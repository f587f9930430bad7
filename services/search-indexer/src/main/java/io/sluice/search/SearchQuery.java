package io.sluice.search;

import java.util.List;

/**
 * A search: query tokens ({@link SearchTokens#of} of {@code q}), filters, and a page.
 *
 * <p>Matching and ranking (every store): a product matches a query token when one of its {@code search_tokens}
 * equals it; the <b>last</b> query token also matches as a prefix ({@code wire} matches {@code wireless}), for
 * typeahead. A product is a result when it matches at least one query token and passes the filters. Its score is
 * matched tokens / query tokens (1.0 = every token matched). Results are ordered by score descending, then by
 * {@code product_id} ascending (so paging is stable). Deleted products (tombstones) are never results.
 *
 * <p>A query has at least one token: a {@code q} that is empty or has no word characters is a bad request (400
 * {@code q} required), so there is no price-only browse and no store ever needs to scan the whole index.
 *
 * @param tokens the query's tokens, in query order (the last one also matches as a prefix); at least one
 * @param minCents only products with {@code price >= minCents}, or null
 * @param maxCents only products with {@code price <= maxCents}, or null
 * @param inStock true: only products with {@code stock_quantity > 0}; false: no stock filter
 * @param limit 1..100
 * @param cursor a previous page's {@link SearchPage#nextCursor()}, or null for the first page; opaque, produced by
 *     {@link SearchCursor}
 */
public record SearchQuery(
        List<String> tokens, Long minCents, Long maxCents, boolean inStock, int limit, String cursor) {
    public static final int MAX_LIMIT = 100;

    public SearchQuery {
        tokens = List.copyOf(tokens);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a query needs at least one token");
        }
        if (minCents != null && maxCents != null && minCents > maxCents) {
            throw new IllegalArgumentException("min price " + minCents + " is above max price " + maxCents);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        }
    }

    /** A result's score: matched tokens / query tokens, computed the same way by every store. */
    public double score(int matched) {
        return (double) matched / tokens.size();
    }

    /** Whether a product passes the price and stock filters. */
    public boolean accepts(ProductDocument d) {
        return (minCents == null || d.priceCents() >= minCents)
                && (maxCents == null || d.priceCents() <= maxCents)
                && (!inStock || d.stockQuantity() > 0);
    }

    /** How many query tokens the document matches (the last one also as a prefix). */
    public int matches(ProductDocument d) {
        int matched = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            boolean last = i == tokens.size() - 1;
            for (String token : d.searchTokens()) {
                if (token.equals(t) || (last && token.startsWith(t))) {
                    matched++;
                    break;
                }
            }
        }
        return matched;
    }
}
