package io.sluice.search;

import io.sluice.cdc.SourcePosition;
import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.OffsetStore;
import io.sluice.db.Database;
import io.sluice.db.Jdbc;
import io.sluice.db.JdbcOffsetStore;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The search index in PostgreSQL (the default store): {@code search_products} (the item, or a tombstone) and
 * {@code search_postings} (token, product, price, stock), see {@code db/search/V1__search.sql}. Each batch is one
 * transaction with the consumer offsets ({@link JdbcOffsetStore}): exactly-once. Writes are set-based ({@code unnest}
 * of arrays, {@link PostgresWrites}); searches read postings by primary key ({@link PostgresSearch}). Thread-safe
 * (state lives in the database); throws {@link io.sluice.db.DatabaseException} on failure.
 */
public final class PostgresSearchStore implements SearchStore {
    static final String HISTORY_TABLE = "search_schema_history";
    static final String MIGRATIONS = "classpath:db/search";
    static final String COLUMNS =
            """
            product_id, commit_lsn, change_lsn, name, name_lower, description, price, price_display, stock_quantity,
            search_tokens, indexed_at, cdc_timestamp""";

    private final Database database;
    private final JdbcOffsetStore offsets;
    private final int fewPostings;

    /** @param groupId the consumer group whose offsets are stored with the data */
    public PostgresSearchStore(Database database, String groupId) {
        this(database, groupId, PostgresSearch.FEW);
    }

    /** @param fewPostings up to how many postings a search counts every match (tests force the other path with 0) */
    PostgresSearchStore(Database database, String groupId, int fewPostings) {
        this.database = database;
        this.offsets = new JdbcOffsetStore(database.dataSource(), groupId);
        this.fewPostings = fewPostings;
    }

    @Override
    public void migrate() {
        database.migrate("sluice_schema_history", "classpath:db/sluice");
        database.migrate(HISTORY_TABLE, MIGRATIONS);
    }

    @Override
    public Optional<OffsetStore> offsetStore() {
        return Optional.of(offsets);
    }

    @Override
    public Indexed apply(Batch<ProductVersion> batch) {
        return Jdbc.transaction(database.dataSource(), "indexing " + batch.size() + " product versions", c -> {
            Indexed indexed = batch.isEmpty()
                    ? Indexed.NOTHING
                    : PostgresWrites.apply(
                            c, NewestVersions.of(batch), Instant.now().truncatedTo(ChronoUnit.MICROS));
            offsets.store(c, batch.nextOffsets());
            return indexed;
        });
    }

    @Override
    public Optional<ProductDocument> find(long productId) {
        return Jdbc.query(database.dataSource(), "reading product " + productId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM search_products WHERE product_id = ? AND NOT deleted")) {
                ps.setLong(1, productId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(document(rs, 0)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public SearchPage search(SearchQuery query) {
        SearchCursor after = query.cursor() == null ? null : SearchCursor.decode(query.cursor());
        return Jdbc.query(database.dataSource(), "searching " + query.tokens(), c -> {
            // Custom plans only: one statement text serves rare and frequent tokens alike, and a generic plan
            // chosen for one (after five executions on a pooled connection) can be slow for the other. No parallel
            // workers: starting them costs more than a search reads. Joins in the order written: the statements put
            // the cheap index probes before the product rows, which estimates from stale statistics can reverse.
            try (Statement st = c.createStatement()) {
                st.execute("SET plan_cache_mode = force_custom_plan; SET max_parallel_workers_per_gather = 0;"
                        + " SET join_collapse_limit = 1");
            }
            return PostgresSearch.run(c, query, after, fewPostings);
        });
    }

    @Override
    public int purgeTombstones(Instant olderThan) {
        return Jdbc.query(database.dataSource(), "purging tombstones before " + olderThan, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM search_products WHERE deleted AND indexed_at < ?")) {
                ps.setTimestamp(1, Timestamp.from(olderThan));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void close() {}

    /** The document in the current row, whose first {@link #COLUMNS} column is at {@code offset + 1}. */
    static ProductDocument document(ResultSet rs, int offset) throws SQLException {
        Array tokens = rs.getArray(offset + 10);
        long cdc = rs.getLong(offset + 12);
        boolean noCdc = rs.wasNull();
        return new ProductDocument(
                rs.getLong(offset + 1),
                rs.getString(offset + 4),
                rs.getString(offset + 5),
                rs.getString(offset + 6),
                rs.getLong(offset + 7),
                rs.getString(offset + 8),
                rs.getLong(offset + 9),
                tokens == null ? List.of() : new ArrayList<>(Arrays.asList((String[]) tokens.getArray())),
                rs.getTimestamp(offset + 11).toInstant(),
                noCdc ? null : cdc,
                new SourcePosition(rs.getLong(offset + 2), rs.getLong(offset + 3)));
    }

    static Array bigints(Connection c, List<Long> values) throws SQLException {
        return c.createArrayOf("bigint", values.toArray());
    }

    static Array texts(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }
}
