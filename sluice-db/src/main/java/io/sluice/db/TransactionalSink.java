package io.sluice.db;

import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import io.sluice.core.consumer.OffsetStore;
import io.sluice.core.consumer.Sink;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * A JDBC {@link Sink} that writes each batch and its next offsets in one transaction: exactly-once delivery into
 * the database. Its {@link #offsetStore()} reads a {@link JdbcOffsetStore} on the same data source, which the loop
 * reads on assignment. Subclasses only write rows, idempotently (a replayed record must change nothing). Called on
 * the loop's writer thread; throws {@link DatabaseException} on failure (classified by SQLState).
 */
public abstract class TransactionalSink<T> implements Sink<T> {
    private static final Duration TABLES_WAIT = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final JdbcOffsetStore offsets;
    private final String what;
    private final CompletableFuture<?> tablesReady;

    protected TransactionalSink(DataSource dataSource, String groupId, String what) {
        this(dataSource, groupId, what, CompletableFuture.completedFuture(null));
    }

    /**
     * @param tablesReady completes once the sink's tables (its rows' and the offsets') exist: reading the stored
     *     offsets and writing wait for it, so that a service may start its loop, join its group and fetch while its
     *     migrations run; if it fails, so do they (the loop then treats the store as unreachable)
     */
    protected TransactionalSink(DataSource dataSource, String groupId, String what, CompletableFuture<?> tablesReady) {
        this.dataSource = dataSource;
        this.offsets = new JdbcOffsetStore(dataSource, groupId);
        this.what = what;
        this.tablesReady = tablesReady;
    }

    /** Writes the records' rows on {@code connection}, inside the batch's transaction. */
    protected abstract void writeRows(Connection connection, List<Decoded<T>> records) throws SQLException;

    @Override
    public final void write(Batch<T> batch) {
        awaitTables();
        Jdbc.transaction(dataSource, "writing " + batch.size() + " records to " + what, c -> {
            if (!batch.isEmpty()) {
                writeRows(c, batch.records());
            }
            offsets.store(c, batch.nextOffsets());
            return null;
        });
    }

    @Override
    public final Optional<OffsetStore> offsetStore() {
        return Optional.of(partitions -> {
            awaitTables();
            return offsets.load(partitions);
        });
    }

    /**
     * Waits a while for the tables; a migration that takes longer (an index built over a large table) is an outage to
     * the loop, which keeps its partitions paused and its group membership, and asks again.
     */
    private void awaitTables() {
        try {
            tablesReady.get(TABLES_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r
                    ? r
                    : new IllegalStateException("migrating the tables of " + what + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the tables of " + what + " are still being migrated");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the tables of " + what, e);
        }
    }
}
