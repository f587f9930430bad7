package io.sluice.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * One search of {@link PostgresSearchStore}, in at most five statements, none of which reads a posting of another
 * token or scans the products:
 *
 * <ol>
 *   <li>a capped count of each query token's postings (exact tokens by key, the last token as a key range: the column sorts
 *       bytewise, so {@code token >= prefix AND token < prefix'}, the prefix with its last character incremented, is
 *       exactly the tokens starting with it);
 *   <li>few postings (up to {@value #FEW}): every matching product counted ({@link #counted}), ranked, cut after the cursor
 *       and at the limit, and only then the page's product rows read;
 *   <li>many postings (frequent tokens): first the products matching <em>every</em> token, in id order straight from
 *       the rarest exact token's postings, joined with the other exact tokens and checked for the prefix in their own
 *       {@code search_tokens} ({@link #complete}), which stops as soon as the page is full; when those run out
 *       within the page, the products matching all tokens but one, walked in id order the same way
 *       ({@link #almostComplete}); only when those run out too are the rest counted as in 2.
 * </ol>
 *
 * Price and stock filters apply to the postings, before any product row is read. Static and stateless.
 */
final class PostgresSearch {
    /** Up to this many postings (each token up to its share), counting every matching product costs a few ms. */
    static final int FEW = 2000;

    /**
     * Tokens are counted up to this many times their share of {@link #FEW} (index-only probes, at most 20,000 entries
     * a search), so that the walk of complete matches starts from the token, or the prefix, with the fewest postings:
     * with counts capped at the share, two frequent tokens tied and the walk could start at the one 10x as frequent.
     */
    private static final int DRIVER_SHARES = 10;

    private PostgresSearch() {}

    /** @param few up to how many postings the query counts every match ({@link #FEW}; tests vary it) */
    static SearchPage run(Connection c, SearchQuery query, SearchCursor after, int few) throws SQLException {
        int n = query.tokens().size();
        int want = query.limit() + 1;
        List<SearchHit> hits;
        boolean inCompleteLevel = after == null || after.matched() >= n;
        // Each token counted up to DRIVER_SHARES times its share of FEW: none above the share means few postings in
        // all; beyond, the counts tell which token's postings are the fewest to walk.
        int share = Math.max(1, few / n);
        long[] counts = inCompleteLevel ? postingCounts(c, query, share * DRIVER_SHARES) : null;
        if (inCompleteLevel && LongStream.of(counts).anyMatch(count -> count > share)) {
            long afterId = after == null || after.matched() > n ? Long.MIN_VALUE : after.productId();
            // The prefix drives when it has the fewest postings and all of them were counted (it is walked whole).
            boolean prefixDrives = n > 1 && counts[n - 1] <= share * DRIVER_SHARES;
            for (int t = 0; t < n - 1 && prefixDrives; t++) {
                prefixDrives = counts[n - 1] < counts[t];
            }
            hits = complete(c, rarestExactFirst(query, counts), afterId, want, prefixDrives);
            if (hits.size() < want && n > 1) {
                // The next level (every token but one) walked in id order, stopping when the page is full; only when
                // that level runs out within the page (or the prefix has too many tokens to merge) are the rest
                // counted whole.
                List<SearchHit> partial = almostComplete(c, query, want - hits.size());
                if (partial == null) {
                    hits.addAll(counted(c, query, new SearchCursor(n, Long.MAX_VALUE), want - hits.size()));
                } else {
                    hits.addAll(partial);
                    if (hits.size() < want) {
                        hits.addAll(counted(c, query, new SearchCursor(n - 1, Long.MAX_VALUE), want - hits.size()));
                    }
                }
            }
        } else {
            hits = counted(c, query, after, want);
        }
        if (hits.size() <= query.limit()) {
            return new SearchPage(hits, null);
        }
        List<SearchHit> page = hits.subList(0, query.limit());
        SearchHit last = page.getLast();
        return new SearchPage(
                page, new SearchCursor(last.matched(), last.product().productId()).encode());
    }

    /**
     * How many postings each query token has, each counted up to {@code cap + 1}: exact tokens in query order, then
     * the prefix. One statement of index-only probes ({@code ORDER BY token}: with a bare LIMIT the planner may hope
     * to find the rows early in a sequential scan, and read the whole table when the token is rare).
     */
    private static long[] postingCounts(Connection c, SearchQuery query, int cap) throws SQLException {
        List<String> tokens = query.tokens();
        String upper = successor(tokens.getLast());
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < tokens.size() - 1; i++) {
            sql.append("(SELECT count(*) FROM (SELECT 1 FROM search_postings p WHERE p.token = ?")
                    .append(" ORDER BY p.token LIMIT ?) x), ");
        }
        sql.append("(SELECT count(*) FROM (SELECT 1 FROM search_postings p WHERE p.token >= ?")
                .append(upper == null ? " AND starts_with(p.token, ?)" : " AND p.token < ?")
                .append(" ORDER BY p.token LIMIT ?) x)");
        long[] counts = new long[tokens.size()];
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (int t = 0; t < tokens.size() - 1; t++) {
                ps.setString(i++, tokens.get(t));
                ps.setInt(i++, cap + 1);
            }
            ps.setString(i++, tokens.getLast());
            ps.setString(i++, upper == null ? tokens.getLast() : upper);
            ps.setInt(i, cap + 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int t = 0; t < counts.length; t++) {
                    counts[t] = rs.getLong(t + 1);
                }
            }
        }
        return counts;
    }

    /**
     * The query with its rarest exact token first, which {@link #complete} walks: the complete matches are among its
     * postings, so the fewer they are the sooner it ends. The prefix stays last; ranks do not depend on the order.
     */
    private static SearchQuery rarestExactFirst(SearchQuery query, long[] counts) {
        List<String> tokens = query.tokens();
        if (tokens.size() < 3) {
            return query;
        }
        int rarest = 0;
        for (int i = 1; i < tokens.size() - 1; i++) {
            if (counts[i] < counts[rarest]) {
                rarest = i;
            }
        }
        List<String> reordered = new ArrayList<>(tokens);
        reordered.add(0, reordered.remove(rarest));
        return new SearchQuery(
                reordered, query.minCents(), query.maxCents(), query.inStock(), query.limit(), query.cursor());
    }

    /**
     * Products matching every token, after {@code afterId} in id order, at most {@code want}.
     *
     * @param prefixDrives whether to walk the prefix's postings (few, all counted) and probe the exact tokens' for each,
     *     rather than walk the rarest exact token's
     */
    private static List<SearchHit> complete(
            Connection c, SearchQuery query, long afterId, int want, boolean prefixDrives) throws SQLException {
        List<String> tokens = query.tokens();
        int n = tokens.size();
        String prefix = tokens.getLast();
        String upper = successor(prefix);
        StringBuilder sql = new StringBuilder();
        if (n == 1 && upper != null) {
            // Every match is complete. The distinct tokens of the prefix one index probe each (a loose index scan),
            // then the first ids of each token's postings: work in proportion to the prefix's vocabulary and the
            // page, not to how many products carry it.
            sql.append("WITH RECURSIVE toks(token) AS (")
                    .append(" (SELECT p.token FROM search_postings p WHERE p.token >= ? AND p.token < ?")
                    .append(" ORDER BY p.token LIMIT 1)")
                    .append(" UNION ALL SELECT (SELECT p.token FROM search_postings p")
                    .append(" WHERE p.token > t.token AND p.token < ? ORDER BY p.token LIMIT 1)")
                    .append(" FROM toks t WHERE t.token IS NOT NULL),")
                    .append(" ids AS (SELECT DISTINCT x.product_id FROM toks t, LATERAL (SELECT p.product_id")
                    .append(" FROM search_postings p WHERE p.token = t.token AND p.product_id > ?")
                    .append(filters(query, "p"))
                    .append(" ORDER BY p.product_id LIMIT ?) x WHERE t.token IS NOT NULL ORDER BY x.product_id")
                    .append(" LIMIT ?)")
                    .append(" SELECT ")
                    .append(prefixed(PostgresSearchStore.COLUMNS))
                    .append(" FROM ids JOIN search_products s ON s.product_id = ids.product_id AND NOT s.deleted")
                    .append(" ORDER BY s.product_id");
        } else if (n == 1) {
            // The prefix ends in the last code point: no key range above it, so its postings one row per product.
            sql.append("WITH ids AS (SELECT p.product_id FROM search_postings p WHERE p.token >= ?")
                    .append(" AND starts_with(p.token, ?) AND p.product_id > ?")
                    .append(filters(query, "p"))
                    .append(" GROUP BY p.product_id ORDER BY p.product_id LIMIT ?)")
                    .append(" SELECT ")
                    .append(prefixed(PostgresSearchStore.COLUMNS))
                    .append(" FROM ids JOIN search_products s ON s.product_id = ids.product_id AND NOT s.deleted")
                    .append(" ORDER BY s.product_id");
        } else if (prefixDrives) {
            // The prefix's products (few: every posting was counted) in id order, each probed by key for every exact
            // token (LATERAL ... OFFSET 0: one index probe per candidate, whatever the statistics say), and only the
            // page's product rows read.
            sql.append("WITH ids AS (SELECT d.product_id FROM (SELECT DISTINCT pp.product_id FROM search_postings pp")
                    .append(" WHERE pp.token >= ?")
                    .append(upper == null ? " AND starts_with(pp.token, ?)" : " AND pp.token < ?")
                    .append(" AND pp.product_id > ?")
                    .append(filters(query, "pp"))
                    .append(") d");
            for (int i = 0; i < n - 1; i++) {
                sql.append(" CROSS JOIN LATERAL (SELECT 1 FROM search_postings p")
                        .append(i)
                        .append(" WHERE p")
                        .append(i)
                        .append(".token = ? AND p")
                        .append(i)
                        .append(".product_id = d.product_id OFFSET 0) x")
                        .append(i);
            }
            sql.append(" ORDER BY d.product_id LIMIT ?) SELECT ")
                    .append(prefixed(PostgresSearchStore.COLUMNS))
                    .append(" FROM ids JOIN search_products s ON s.product_id = ids.product_id AND NOT s.deleted")
                    .append(" ORDER BY s.product_id");
        } else {
            sql.append("SELECT ").append(prefixed(PostgresSearchStore.COLUMNS)).append(" FROM search_postings p0");
            for (int i = 1; i < n - 1; i++) {
                sql.append(" JOIN search_postings p")
                        .append(i)
                        .append(" ON p")
                        .append(i)
                        .append(".token = ? AND p")
                        .append(i)
                        .append(".product_id = p0.product_id");
            }
            // The row of each candidate by key, one at a time in id order (OFFSET 0 keeps the planner from turning
            // it into a merge join that walks the products' key), so a rare first token reads few rows; written after
            // the exact tokens' joins, which the search keeps in this order (join_collapse_limit = 1), so that only
            // candidates carrying every exact token read a product row for the prefix check.
            sql.append(" CROSS JOIN LATERAL (SELECT * FROM search_products s1 WHERE s1.product_id = p0.product_id")
                    .append(" AND NOT s1.deleted OFFSET 0) s")
                    .append(" WHERE p0.token = ? AND p0.product_id > ?")
                    .append(filters(query, "p0"))
                    .append(" AND EXISTS (SELECT 1 FROM unnest(s.search_tokens) AS t(token)")
                    .append(" WHERE starts_with(t.token, ?))")
                    .append(" ORDER BY p0.product_id LIMIT ?");
        }
        List<SearchHit> hits = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (n == 1 && upper != null) {
                ps.setString(i++, prefix);
                ps.setString(i++, upper);
                ps.setString(i++, upper);
                ps.setLong(i++, afterId);
                i = bindFilters(ps, i, query);
                ps.setInt(i++, want);
                ps.setInt(i, want);
            } else if (n == 1) {
                ps.setString(i++, prefix);
                ps.setString(i++, prefix);
                ps.setLong(i++, afterId);
                i = bindFilters(ps, i, query);
                ps.setInt(i, want);
            } else if (prefixDrives) {
                ps.setString(i++, prefix);
                ps.setString(i++, upper == null ? prefix : upper);
                ps.setLong(i++, afterId);
                i = bindFilters(ps, i, query);
                for (int t = 0; t < n - 1; t++) {
                    ps.setString(i++, tokens.get(t));
                }
                ps.setInt(i, want);
            } else {
                for (int t = 1; t < n - 1; t++) {
                    ps.setString(i++, tokens.get(t));
                }
                ps.setString(i++, tokens.getFirst());
                ps.setLong(i++, afterId);
                i = bindFilters(ps, i, query);
                ps.setString(i++, prefix);
                ps.setInt(i, want);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hits.add(new SearchHit(PostgresSearchStore.document(rs, 0), n, query.score(n)));
                }
            }
        }
        return hits;
    }

    /** Up to this many distinct tokens of the prefix are merged as posting streams by {@link #almostComplete}. */
    private static final int MERGED_PREFIX_TOKENS = 16;

    /**
     * Products matching exactly every token but one, in id order, at most {@code want}; null when the prefix has more
     * than {@value #MERGED_PREFIX_TOKENS} distinct tokens. Each exact token's postings and each of the prefix's tokens'
     * are read in id order by key (a merge of index scans), tagged with their query token, grouped by product as they
     * stream, so the statement stops when the page is full instead of counting every posting.
     */
    private static List<SearchHit> almostComplete(Connection c, SearchQuery query, int want) throws SQLException {
        List<String> tokens = query.tokens();
        int n = tokens.size();
        String prefix = tokens.getLast();
        String upper = successor(prefix);
        List<String> prefixTokens = new ArrayList<>();
        String sqlTokens = "SELECT DISTINCT p.token FROM search_postings p WHERE p.token >= ?"
                + (upper == null ? " AND starts_with(p.token, ?)" : " AND p.token < ?")
                + " ORDER BY p.token LIMIT ?";
        if (upper != null) {
            sqlTokens = "WITH RECURSIVE toks(token, k) AS ("
                    + " (SELECT p.token, 1 FROM search_postings p WHERE p.token >= ? AND p.token < ?"
                    + " ORDER BY p.token LIMIT 1)"
                    + " UNION ALL SELECT (SELECT p.token FROM search_postings p"
                    + " WHERE p.token > t.token AND p.token < ? ORDER BY p.token LIMIT 1), t.k + 1"
                    + " FROM toks t WHERE t.token IS NOT NULL AND t.k < ?)"
                    + " SELECT token FROM toks WHERE token IS NOT NULL";
        }
        try (PreparedStatement ps = c.prepareStatement(sqlTokens)) {
            ps.setString(1, prefix);
            if (upper != null) {
                ps.setString(2, upper);
                ps.setString(3, upper);
                ps.setInt(4, MERGED_PREFIX_TOKENS + 1);
            } else {
                ps.setString(2, prefix);
                ps.setInt(3, MERGED_PREFIX_TOKENS + 1);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    prefixTokens.add(rs.getString(1));
                }
            }
        }
        if (prefixTokens.size() > MERGED_PREFIX_TOKENS) {
            return null;
        }
        String filters = filters(query, "p");
        StringBuilder sql = new StringBuilder("WITH ids AS (SELECT m.product_id FROM (");
        int streams = n - 1 + prefixTokens.size();
        for (int i = 0; i < streams; i++) {
            sql.append(i == 0 ? "" : " UNION ALL")
                    .append(" SELECT p.product_id, ")
                    .append(Math.min(i, n - 1))
                    .append(" AS q FROM search_postings p WHERE p.token = ?")
                    .append(filters);
        }
        sql.append(") m GROUP BY m.product_id HAVING count(DISTINCT m.q) = ? ORDER BY m.product_id LIMIT ?)")
                .append(" SELECT ")
                .append(prefixed(PostgresSearchStore.COLUMNS))
                .append(" FROM ids JOIN search_products s ON s.product_id = ids.product_id AND NOT s.deleted")
                .append(" ORDER BY s.product_id");
        List<SearchHit> hits = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (int t = 0; t < streams; t++) {
                ps.setString(i++, t < n - 1 ? tokens.get(t) : prefixTokens.get(t - (n - 1)));
                i = bindFilters(ps, i, query);
            }
            ps.setInt(i++, n - 1);
            ps.setInt(i, want);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hits.add(new SearchHit(PostgresSearchStore.document(rs, 0), n - 1, query.score(n - 1)));
                }
            }
        }
        return hits;
    }

    /** Every matching product counted, ranked, after the cursor, at most {@code want}. */
    private static List<SearchHit> counted(Connection c, SearchQuery query, SearchCursor after, int want)
            throws SQLException {
        List<String> tokens = query.tokens();
        String prefix = tokens.getLast();
        String upper = successor(prefix);
        String filters = filters(query, "p");
        // Exact tokens match a product once each; the prefix may match several of its tokens: one row per product.
        String sql = "WITH hits AS ("
                + " SELECT p.product_id FROM search_postings p WHERE p.token = ANY(?::text[])" + filters
                + " UNION ALL"
                + " SELECT DISTINCT p.product_id FROM search_postings p WHERE p.token >= ?"
                + (upper == null ? " AND starts_with(p.token, ?)" : " AND p.token < ?")
                + filters
                + "), ranked AS ("
                + " SELECT product_id, count(*) AS matched FROM hits GROUP BY product_id"
                + (after == null ? "" : " HAVING count(*) < ? OR (count(*) = ? AND product_id > ?)")
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
            ps.setInt(i, want);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int matched = rs.getInt(1);
                    hits.add(new SearchHit(PostgresSearchStore.document(rs, 1), matched, query.score(matched)));
                }
            }
        }
        return hits;
    }

    private static String filters(SearchQuery query, String alias) {
        StringBuilder b = new StringBuilder();
        if (query.minCents() != null) {
            b.append(" AND ").append(alias).append(".price_cents >= ?");
        }
        if (query.maxCents() != null) {
            b.append(" AND ").append(alias).append(".price_cents <= ?");
        }
        if (query.inStock()) {
            b.append(" AND ").append(alias).append(".in_stock");
        }
        return b.toString();
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
