package io.sluice.db;

import io.sluice.core.consumer.OffsetStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * The JDBC {@link OffsetStore}: Kafka offsets kept in the {@code sluice_offsets} table, written with
 * {@link #store} in the caller's transaction so that rows and offsets commit together (exactly-once into the
 * database), read back with {@link #load} on assignment. Plain SQL that PostgreSQL and SQLite both accept.
 * Stateless apart from the data source and the group id; thread-safe. Throws {@link DatabaseException} (load) or
 * {@link SQLException} (store) on failure.
 */
public final class JdbcOffsetStore implements OffsetStore {
    private static final String UPSERT =
            """
            INSERT INTO sluice_offsets (group_id, topic, partition, next_offset, updated_at)
            VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)
            ON CONFLICT (group_id, topic, partition)
            DO UPDATE SET next_offset = excluded.next_offset, updated_at = excluded.updated_at""";
    private static final String SELECT = "SELECT topic, partition, next_offset FROM sluice_offsets WHERE group_id = ?";

    private final DataSource dataSource;
    private final String groupId;

    public JdbcOffsetStore(DataSource dataSource, String groupId) {
        this.dataSource = dataSource;
        this.groupId = groupId;
    }

    /** Stores the next offsets within {@code connection}'s current transaction. */
    public void store(Connection connection, Map<TopicPartition, Long> nextOffsets) throws SQLException {
        if (nextOffsets.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(UPSERT)) {
            for (var e : nextOffsets.entrySet()) {
                ps.setString(1, groupId);
                ps.setString(2, e.getKey().topic());
                ps.setInt(3, e.getKey().partition());
                ps.setLong(4, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The stored next offsets of these partitions; partitions never stored are absent. */
    @Override
    public Map<TopicPartition, Long> load(Set<TopicPartition> partitions) {
        return Jdbc.query(dataSource, "reading stored offsets for group " + groupId, c -> {
            Map<TopicPartition, Long> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                ps.setString(1, groupId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TopicPartition tp = new TopicPartition(rs.getString(1), rs.getInt(2));
                        if (partitions.contains(tp)) {
                            out.put(tp, rs.getLong(3));
                        }
                    }
                }
            }
            return out;
        });
    }
}
