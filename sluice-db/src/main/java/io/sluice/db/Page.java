package io.sluice.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import javax.sql.DataSource;

/**
 * One page of a list endpoint, read under a byte budget so that a page of large rows cannot exhaust the heap: rows
 * are read until the limit, or until the rows read weigh more than the budget (at least one row is always read, so a
 * client paging through always moves on). {@link #truncated()} tells that the budget, not the limit or the end of
 * the rows, ended the page; the next page starts after the rows returned.
 *
 * <p>{@link #read} streams the query (a small fetch size in a transaction: pgjdbc would otherwise load the
 * whole result before the first row is seen), so memory holds the page plus one fetch of rows.
 *
 * @param rows the rows read, in the query's order
 * @param truncated whether more rows were within the limit but left out by the byte budget
 */
public record Page<T>(List<T> rows, boolean truncated) {
    /** Rows the driver holds at a time while a page is read. */
    static final int FETCH_SIZE = 16;

    public Page {
        rows = List.copyOf(rows);
    }

    /** Binds a statement's parameters. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /**
     * Reads a page.
     *
     * @param sql the query, with its own ORDER BY, LIMIT and OFFSET (the limit is {@code limit})
     * @param limit the most rows to return
     * @param maxBytes the byte budget (e.g. {@code HttpServerConfig#maxPageBytes()})
     * @param weight a row's size in bytes, e.g. its text's UTF-8 length ({@link #utf8Length}) plus a fixed overhead
     * @throws DatabaseException naming {@code what} when the query fails
     */
    public static <T> Page<T> read(
            DataSource dataSource,
            String what,
            String sql,
            Binder binder,
            int limit,
            long maxBytes,
            RowMapper<T> mapper,
            ToLongFunction<? super T> weight) {
        return Jdbc.transaction(dataSource, what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                ps.setFetchSize(FETCH_SIZE);
                List<T> rows = new ArrayList<>();
                long bytes = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rows.size() < limit && rs.next()) {
                        if (!rows.isEmpty() && bytes >= maxBytes) {
                            return new Page<>(rows, true); // the row just fetched is left for the next page
                        }
                        T row = mapper.map(rs);
                        rows.add(row);
                        bytes += weight.applyAsLong(row);
                    }
                }
                return new Page<>(rows, false);
            }
        });
    }

    /** The UTF-8 length of {@code s} (0 for null), without encoding it. */
    public static long utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                n += 1;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
