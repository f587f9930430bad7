package io.sluice.search;

import io.sluice.cdc.SourcePosition;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One batch of {@link PostgresSearchStore#apply}, inside its transaction: the batch's products locked with
 * {@code pg_advisory_xact_lock} in id order (a row may not exist yet), their stored versions and tokens read, the
 * winners chosen in memory ({@link SourcePosition#isAfter}), then at most four set-based statements whatever the batch
 * size: the postings of tokens a product lost, the products (upsert, version-guarded again in SQL), the new or changed
 * postings of products that had postings (upsert), and the postings of products that had none ({@code COPY} in key
 * order: no conflict is possible, and a token's postings land together in the heap). Static and stateless.
 */
final class PostgresWrites {
    // A namespace for the lock keys, so that the inventory's product locks in the same database are other keys.
    private static final String LOCK =
            "SELECT pg_advisory_xact_lock(hashtextextended('search_products:' || id, 0)) FROM unnest(?::bigint[]) AS"
                    + " u(id)";
    private static final String SELECT_STORED =
            "SELECT product_id, commit_lsn, change_lsn, deleted, search_tokens, price, stock_quantity"
                    + " FROM search_products WHERE product_id = ANY(?)";
    private static final String DELETE_POSTINGS =
            """
            DELETE FROM search_postings p USING unnest(?::text[], ?::bigint[]) AS u(token, product_id)
            WHERE p.token = u.token AND p.product_id = u.product_id""";
    // Tokens travel as one space-separated text per product (a token is \w+, never a space): arrays of arrays must
    // be rectangular in PostgreSQL.
    private static final String UPSERT_PRODUCTS =
            """
            INSERT INTO search_products (product_id, commit_lsn, change_lsn, deleted, name, name_lower, description,
                price, price_display, stock_quantity, search_tokens, indexed_at, cdc_timestamp)
            SELECT u.id, u.cl, u.chl, u.deleted, u.name, u.name_lower, u.description, u.price, u.price_display,
                   u.stock, CASE WHEN u.deleted THEN NULL ELSE string_to_array(u.tokens, ' ') END, ?, u.cdc
            FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::boolean[], ?::text[], ?::text[], ?::text[],
                        ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::bigint[])
                 AS u(id, cl, chl, deleted, name, name_lower, description, price, price_display, stock, tokens, cdc)
            ON CONFLICT (product_id) DO UPDATE SET
                commit_lsn = excluded.commit_lsn, change_lsn = excluded.change_lsn, deleted = excluded.deleted,
                name = excluded.name, name_lower = excluded.name_lower, description = excluded.description,
                price = excluded.price, price_display = excluded.price_display,
                stock_quantity = excluded.stock_quantity, search_tokens = excluded.search_tokens,
                indexed_at = excluded.indexed_at, cdc_timestamp = excluded.cdc_timestamp
            WHERE CASE WHEN search_products.commit_lsn = 0 OR excluded.commit_lsn = 0
                       THEN excluded.change_lsn > search_products.change_lsn
                       ELSE (excluded.commit_lsn, excluded.change_lsn)
                            > (search_products.commit_lsn, search_products.change_lsn) END""";
    private static final String UPSERT_POSTINGS =
            """
            INSERT INTO search_postings (token, product_id, price_cents, in_stock)
            SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::boolean[])
            ON CONFLICT (token, product_id) DO UPDATE SET price_cents = excluded.price_cents,
                in_stock = excluded.in_stock
            WHERE (search_postings.price_cents, search_postings.in_stock)
                  IS DISTINCT FROM (excluded.price_cents, excluded.in_stock)""";

    // A product without a live stored row has no postings (they are written and deleted with its row, under its
    // lock): its postings are new keys, copied in with no conflict check.
    private static final String COPY_POSTINGS =
            "COPY search_postings (token, product_id, price_cents, in_stock) FROM STDIN";

    private record Stored(SourcePosition position, boolean deleted, List<String> tokens, long price, long stock) {

        /** Whether the product's postings already carry this price and stock state. */
        boolean samePostingValues(ProductDocument d) {
            return !deleted && price == d.priceCents() && (stock > 0) == (d.stockQuantity() > 0);
        }
    }

    private PostgresWrites() {}

    static Indexed apply(Connection c, NewestVersions versions, Instant now) throws SQLException {
        List<Long> ids =
                versions.newest().stream().map(ProductVersion::productId).toList();
        lock(c, ids);
        Map<Long, Stored> stored = load(c, ids);

        int indexed = 0;
        int deleted = 0;
        int stale = versions.superseded();
        Rows products = new Rows();
        List<String> goneTokens = new ArrayList<>();
        List<Long> goneIds = new ArrayList<>();
        List<String> postingTokens = new ArrayList<>();
        List<Long> postingIds = new ArrayList<>();
        List<Long> postingPrices = new ArrayList<>();
        List<Boolean> postingStock = new ArrayList<>();
        Postings fresh = new Postings();
        for (ProductVersion v : versions.newest()) {
            Stored s = stored.get(v.productId());
            if (s != null && !v.position().isAfter(s.position())) {
                stale++;
                continue;
            }
            List<String> oldTokens = s == null || s.deleted() ? List.of() : s.tokens();
            if (v.deleted()) {
                deleted++;
                products.tombstone(v);
                for (String t : oldTokens) {
                    goneTokens.add(t);
                    goneIds.add(v.productId());
                }
                continue;
            }
            indexed++;
            ProductDocument d = ProductDocument.of(v, now);
            products.document(d);
            Set<String> kept = new HashSet<>(d.searchTokens());
            for (String t : oldTokens) {
                if (!kept.contains(t)) {
                    goneTokens.add(t);
                    goneIds.add(v.productId());
                }
            }
            // A catalogue or stock change that keeps price and in-stock (most stock changes) touches only new tokens.
            boolean same = s != null && s.samePostingValues(d);
            Set<String> had = same ? new HashSet<>(oldTokens) : Set.of();
            if (oldTokens.isEmpty()) {
                for (String t : d.searchTokens()) {
                    fresh.add(t, d);
                }
                continue;
            }
            for (String t : d.searchTokens()) {
                if (had.contains(t)) {
                    continue;
                }
                postingTokens.add(t);
                postingIds.add(d.productId());
                postingPrices.add(d.priceCents());
                postingStock.add(d.stockQuantity() > 0);
            }
        }
        if (!goneTokens.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(DELETE_POSTINGS)) {
                ps.setArray(1, PostgresSearchStore.texts(c, goneTokens));
                ps.setArray(2, PostgresSearchStore.bigints(c, goneIds));
                ps.executeUpdate();
            }
        }
        if (!products.ids.isEmpty()) {
            products.write(c, now);
        }
        if (!postingTokens.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(UPSERT_POSTINGS)) {
                ps.setArray(1, PostgresSearchStore.texts(c, postingTokens));
                ps.setArray(2, PostgresSearchStore.bigints(c, postingIds));
                ps.setArray(3, PostgresSearchStore.bigints(c, postingPrices));
                ps.setArray(4, c.createArrayOf("boolean", postingStock.toArray()));
                ps.executeUpdate();
            }
        }
        if (!fresh.tokens.isEmpty()) {
            fresh.copy(c);
        }
        return new Indexed(indexed, deleted, stale);
    }

    /** Postings of one insert, as columns. */
    private static final class Postings {
        final List<String> tokens = new ArrayList<>();
        final List<Long> ids = new ArrayList<>();
        final List<Long> prices = new ArrayList<>();
        final List<Boolean> inStock = new ArrayList<>();

        void add(String token, ProductDocument d) {
            tokens.add(token);
            ids.add(d.productId());
            prices.add(d.priceCents());
            inStock.add(d.stockQuantity() > 0);
        }

        /**
         * Copies the postings in key order, so that the inserts walk the index's pages in order and a token's postings
         * land together in the heap. COPY text format; a token is {@code \\w+}, escaped all the same.
         */
        void copy(Connection c) throws SQLException {
            Integer[] order = new Integer[tokens.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(
                    order, Comparator.comparing((Integer i) -> tokens.get(i)).thenComparing(ids::get));
            ByteArrayOutputStream out = new ByteArrayOutputStream(order.length * 32);
            for (int i : order) {
                escape(out, tokens.get(i));
                out.write('\t');
                out.writeBytes(Long.toString(ids.get(i)).getBytes(StandardCharsets.US_ASCII));
                out.write('\t');
                out.writeBytes(Long.toString(prices.get(i)).getBytes(StandardCharsets.US_ASCII));
                out.write('\t');
                out.write(inStock.get(i) ? 't' : 'f');
                out.write('\n');
            }
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_POSTINGS);
            try {
                copy.writeToCopy(out.toByteArray(), 0, out.size());
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }

        private static void escape(ByteArrayOutputStream out, String value) {
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                switch (b) {
                    case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                    case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                    case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                    case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                    default -> out.write(b);
                }
            }
        }
    }

    /** Advisory locks in ascending id order, so that two writers never wait on each other in a cycle. */
    private static void lock(Connection c, List<Long> sortedIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
            ps.setArray(1, PostgresSearchStore.bigints(c, sortedIds));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // one row per lock, taken in array order
                }
            }
        }
    }

    private static Map<Long, Stored> load(Connection c, List<Long> ids) throws SQLException {
        Map<Long, Stored> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_STORED)) {
            ps.setArray(1, PostgresSearchStore.bigints(c, ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    java.sql.Array tokens = rs.getArray(5);
                    out.put(
                            rs.getLong(1),
                            new Stored(
                                    new SourcePosition(rs.getLong(2), rs.getLong(3)),
                                    rs.getBoolean(4),
                                    tokens == null ? List.of() : Arrays.asList((String[]) tokens.getArray()),
                                    rs.getLong(6),
                                    rs.getLong(7)));
                }
            }
        }
        return out;
    }

    /** The product rows of one upsert, as columns. */
    private static final class Rows {
        final List<Long> ids = new ArrayList<>();
        final List<Long> commitLsns = new ArrayList<>();
        final List<Long> changeLsns = new ArrayList<>();
        final List<Boolean> deleted = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<String> namesLower = new ArrayList<>();
        final List<String> descriptions = new ArrayList<>();
        final List<Long> prices = new ArrayList<>();
        final List<String> displays = new ArrayList<>();
        final List<Long> stocks = new ArrayList<>();
        final List<String> tokens = new ArrayList<>();
        final List<Long> cdc = new ArrayList<>();

        void tombstone(ProductVersion v) {
            add(v.productId(), v.position(), true);
            names.add(null);
            namesLower.add(null);
            descriptions.add(null);
            prices.add(null);
            displays.add(null);
            stocks.add(null);
            tokens.add(null);
            cdc.add(null);
        }

        void document(ProductDocument d) {
            add(d.productId(), d.position(), false);
            names.add(d.name());
            namesLower.add(d.nameLower());
            descriptions.add(d.description());
            prices.add(d.priceCents());
            displays.add(d.priceDisplay());
            stocks.add(d.stockQuantity());
            tokens.add(String.join(" ", d.searchTokens()));
            cdc.add(d.cdcTimestamp());
        }

        private void add(long id, SourcePosition position, boolean isDeleted) {
            ids.add(id);
            commitLsns.add(position.commitLsn());
            changeLsns.add(position.changeLsn());
            deleted.add(isDeleted);
        }

        void write(Connection c, Instant now) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(UPSERT_PRODUCTS)) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setArray(2, PostgresSearchStore.bigints(c, ids));
                ps.setArray(3, PostgresSearchStore.bigints(c, commitLsns));
                ps.setArray(4, PostgresSearchStore.bigints(c, changeLsns));
                ps.setArray(5, c.createArrayOf("boolean", deleted.toArray()));
                ps.setArray(6, PostgresSearchStore.texts(c, names));
                ps.setArray(7, PostgresSearchStore.texts(c, namesLower));
                ps.setArray(8, PostgresSearchStore.texts(c, descriptions));
                ps.setArray(9, PostgresSearchStore.bigints(c, prices));
                ps.setArray(10, PostgresSearchStore.texts(c, displays));
                ps.setArray(11, PostgresSearchStore.bigints(c, stocks));
                ps.setArray(12, PostgresSearchStore.texts(c, tokens));
                ps.setArray(13, PostgresSearchStore.bigints(c, cdc));
                ps.executeUpdate();
            }
        }
    }
}
