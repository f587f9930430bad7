package io.sluice.db;

import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import io.sluice.core.consumer.Sink;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * A JDBC {@link Sink} that writes each batch and its next offsets in one transaction: exactly-once delivery into
 * the database. Subclasses only write rows, idempotently (a replayed record must change nothing).
 */
public abstract class TransactionalSink<T> implements Sink<T> {
    private final DataSource dataSource;
    private final OffsetStore offsets;
    private final String what;

    protected TransactionalSink(DataSource dataSource, String groupId, String what) {
        this.dataSource = dataSource;
        this.offsets = new OffsetStore(groupId);
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
    public final boolean storesOffsets() {
        return true;
    }

    @Override
    public final Map<TopicPartition, Long> storedOffsets(Set<TopicPartition> partitions) {
        return offsets.load(dataSource, partitions);
    }
}
