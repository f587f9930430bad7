package io.sluice.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One search of {@link PostgresSearchStore}: postings of the exact tokens ({@code token = ANY}) and of the last token
 * as a prefix (a primary-key range, {@code token >= prefix AND token < prefix'} with the last character incremented;
 * the column sorts bytewise, so the range is exactly the tokens starting with the prefix), filtered by price and stock
 * on the postings, counted per product, ranked, cut after the cursor and at the limit; only then are the page's
 * product rows read. Never reads a posting of another token, never scans the products. Static and stateless.
 */
final class PostgresSearch {
    private PostgresSearch() {}

    static SearchPage run(Connection c, SearchQuery query, SearchCursor after) throws SQLException {
        List<String> tokens = query.tokens();
        String prefix = tokens.getLast();
        String upper = successor(prefix);
        StringBuilder filters = new StringBuilder();
        if (query.minCents() != null) {
            filters.append(" AND p.price_cents >= ?");
        }
        if (query.maxCents() != null) {
            filters.append(" AND p.price_cents <= ?");
        }
        if (query.inStock()) {
            filters.append(" AND p.in_stock");
        }
        String sql = "WITH hits AS ("
                + " SELECT p.product_id, q.i FROM unnest(?::text[]) WITH ORDINALITY AS q(token, i)"
                + " JOIN search_postings p ON p.token = q.token" + filters
                + " UNION ALL"
                + " SELECT p.product_id, 0 FROM search_postings p WHERE p.token >= ?"
                + (upper == null ? " AND starts_with(p.token, ?)" : " AND p.token < ?")
                + filters
                + "), ranked AS ("
                + " SELECT product_id, count(DISTINCT i) AS matched FROM hits GROUP BY product_id"
                + (after == null ? "" : " HAVING count(DISTINCT i) < ? OR (count(DISTINCT i) = ? AND product_id > ?)")
                + " ORDER BY matched DESC, product_id LIMIT ?)"
                + " SELECT r.matched, " + prefixed(PostgresSearchStore.COLUMNS)
                + " FROM ranked r JOIN search_products s ON s.product_id = r.product_id AND NOT s.deleted"
                + " ORDER BY r.matched DESC, r.product_id";
        List<SearchHit> hits = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setArray(i++, PostgresSearchStore.texts(c, tokens.subList(0, tokens.size() - 1)));
            i = bindFilters(ps, i, query);
            ps.setString(i++, prefix);
            ps.setString(i++, upper == null ? prefix : upper);
            i = bindFilters(ps, i, query);
            if (after != null) {
                ps.setInt(i++, after.matched());
                ps.setInt(i++, after.matched());
                ps.setLong(i++, after.productId());
            }
            ps.setInt(i, query.limit() + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int matched = rs.getInt(1);
                    hits.add(new SearchHit(PostgresSearchStore.document(rs, 1), matched, query.score(matched)));
                }
            }
        }
        if (hits.size() <= query.limit()) {
            return new SearchPage(hits, null);
        }
        List<SearchHit> page = hits.subList(0, query.limit());
        SearchHit last = page.getLast();
        return new SearchPage(
                page, new SearchCursor(last.matched(), last.product().productId()).encode());
    }

    private static int bindFilters(PreparedStatement ps, int i, SearchQuery query) throws SQLException {
        if (query.minCents() != null) {
            ps.setLong(i++, query.minCents());
        }
        if (query.maxCents() != null) {
            ps.setLong(i++, query.maxCents());
        }
        return i;
    }

    /**
     * The least string above every string that starts with {@code prefix}, in code point (UTF-8 byte) order: the
     * prefix with its last code point incremented (past the surrogates); null when that is the last code point.
     */
    static String successor(String prefix) {
        int last = prefix.codePointBefore(prefix.length());
        int next = last + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : last + 1;
        if (next > Character.MAX_CODE_POINT) {
            return null;
        }
        return prefix.substring(0, prefix.length() - Character.charCount(last)) + Character.toString(next);
    }

    private static String prefixed(String columns) {
        StringBuilder b = new StringBuilder();
        for (String col : columns.split(",")) {
            b.append(b.isEmpty() ? "" : ", ").append("s.").append(col.strip());
        }
        return b.toString();
    }
}
