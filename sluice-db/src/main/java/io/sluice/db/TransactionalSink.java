package io.sluice.db;

import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import io.sluice.core.consumer.OffsetStore;
import io.sluice.core.consumer.Sink;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A JDBC {@link Sink} that writes each batch and its next offsets in one transaction: exactly-once delivery into
 * the database. Its {@link #offsetStore()} is a {@link JdbcOffsetStore} on the same data source, which the loop
 * reads on assignment. Subclasses only write rows, idempotently (a replayed record must change nothing). Called on
 * the loop's writer thread; throws {@link DatabaseException} on failure (classified by SQLState).
 */
public abstract class TransactionalSink<T> implements Sink<T> {
    private final DataSource dataSource;
    private final JdbcOffsetStore offsets;
    private final String what;

    protected TransactionalSink(DataSource dataSource, String groupId, String what) {
        this.dataSource = dataSource;
        this.offsets = new JdbcOffsetStore(dataSource, groupId);
        this.what = what;
    }

    /** Writes the records' rows on {@code connection}, inside the batch's transaction. */
    protected abstract void writeRows(Connection connection, List<Decoded<T>> records) throws SQLException;

    @Override
    public final void write(Batch<T> batch) {
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
        return Optional.of(offsets);
    }
}
