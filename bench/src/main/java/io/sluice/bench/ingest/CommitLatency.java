package io.sluice.bench.ingest;

import io.sluice.bench.Samples;
import io.sluice.db.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Each stored row's end-to-end latency, from its Kafka timestamp to the commit of the transaction that stored it,
 * told from outside the writer: the table gives each row's Kafka timestamp ({@code created_at}) and its transaction
 * ({@code processed_at} is the transaction's start, the same for every row of a batch); the writer's metrics give
 * when each transaction committed, in order ({@link WriteProgress#commitMillis}). The writer runs one transaction at
 * a time, so the k-th distinct {@code processed_at} is the k-th commit.
 */
final class CommitLatency {
    private static final String QUERY =
            """
            SELECT dense_rank() OVER (ORDER BY processed_at) AS tx,
                   (extract(epoch FROM created_at) * 1000)::bigint AS created_ms
            FROM text_messages""";

    private CommitLatency() {}

    /**
     * The latencies in milliseconds of the rows whose Kafka timestamp is {@code fromMillis} or later.
     *
     * @throws IllegalStateException if the table's transactions do not match the commits the metrics counted
     */
    static Samples millis(DatabaseConfig db, WriteProgress progress, long fromMillis) {
        Samples latency = new Samples();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement st = c.createStatement()) {
            c.setAutoCommit(false); // streams the rows rather than holding them all
            st.setFetchSize(10_000);
            int transactions = 0;
            try (ResultSet rs = st.executeQuery(QUERY)) {
                while (rs.next()) {
                    int tx = rs.getInt(1);
                    long created = rs.getLong(2);
                    transactions = Math.max(transactions, tx);
                    if (tx > progress.batches()) {
                        throw new IllegalStateException("text_messages holds more transactions than the "
                                + progress.batches() + " the writer's sluice.batch.flush counted");
                    }
                    if (created >= fromMillis) {
                        latency.add(progress.commitMillis(tx) - created);
                    }
                }
            }
            c.rollback();
            if (transactions != progress.batches()) {
                throw new IllegalStateException("text_messages holds " + transactions + " transactions, the writer's"
                        + " sluice.batch.flush counted " + progress.batches() + ": cannot date the rows");
            }
            return latency;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the stored rows' times: " + e.getMessage(), e);
        }
    }
}
