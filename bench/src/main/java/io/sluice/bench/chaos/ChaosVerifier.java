package io.sluice.bench.chaos;

import io.sluice.bench.Format;
import io.sluice.bench.Workload;
import io.sluice.bench.chaos.ChaosProducer.Position;
import io.sluice.bench.chaos.ChaosReport.Check;
import io.sluice.db.DatabaseConfig;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * After a fault run: compares what the writer stored with what the broker acknowledged. Stored rows must be exactly
 * the valid records (by id and text), the dead-letter topic must name exactly the invalid ones (duplicates allowed:
 * dead-lettering is at-least-once), and the stored offsets must be at the end of every partition.
 */
final class ChaosVerifier {
    private final DatabaseConfig db;
    private final String topic;
    private final String group;
    private final Workload workload;
    private final DeadLetters deadLetters;

    ChaosVerifier(DatabaseConfig db, String bootstrapServers, String topic, String group, Workload workload) {
        this.db = db;
        this.topic = topic;
        this.group = group;
        this.workload = workload;
        this.deadLetters = new DeadLetters(bootstrapServers, topic);
    }

    List<Check> verify(BitSet valid, Set<Position> invalid) {
        List<Check> checks = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            checks.add(offsets(c));
            checks.addAll(rows(c, valid));
        } catch (SQLException e) {
            checks.add(Check.of(false, "rows and offsets: could not query PostgreSQL: " + e.getMessage()));
        }
        checks.add(deadLetters(invalid));
        return checks;
    }

    private Check offsets(Connection c) throws SQLException {
        Map<Integer, Long> end = deadLetters.endOffsetsOfSource();
        Map<Integer, Long> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT partition, next_offset FROM sluice_offsets WHERE group_id = ? AND topic = ?")) {
            ps.setString(1, group);
            ps.setString(2, topic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        boolean ok = stored.equals(end);
        return Check.of(
                ok,
                ok
                        ? "offsets: sluice_offsets equals the log end offset on all " + end.size() + " partitions"
                        : "offsets: sluice_offsets " + stored + " but log end offsets " + end);
    }

    private List<Check> rows(Connection c, BitSet valid) throws SQLException {
        loadExpected(c, valid);
        long stored = count(c, "SELECT count(*) FROM text_messages");
        long missing = count(
                c,
                "SELECT count(*) FROM expected e WHERE NOT EXISTS (SELECT 1 FROM text_messages t WHERE t.id = e.id)");
        long extra = count(
                c,
                "SELECT count(*) FROM text_messages t WHERE NOT EXISTS (SELECT 1 FROM expected e WHERE e.id = t.id)");
        long differing = count(
                c, "SELECT count(*) FROM expected e JOIN text_messages t USING (id) WHERE t.message <> e.message");
        long expected = valid.cardinality();
        return List.of(
                Check.of(
                        stored == expected && missing == 0 && extra == 0,
                        "rows: " + Format.count(stored) + " stored for " + Format.count(expected)
                                + " valid records produced (" + Format.count(missing) + " missing, "
                                + Format.count(extra) + " not produced; the primary key rules out duplicates)"),
                Check.of(
                        differing == 0,
                        "rows: " + Format.count(differing) + " stored texts differ from the produced ones"));
    }

    /** {@code expected(id, message)}: every acknowledged valid record, regenerated from the workload. */
    private void loadExpected(Connection c, BitSet valid) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE expected (id uuid PRIMARY KEY, message text NOT NULL)");
        }
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY expected (id, message) FROM STDIN");
        try {
            StringBuilder chunk = new StringBuilder(1 << 20);
            for (int i = valid.nextSetBit(0); i >= 0; i = valid.nextSetBit(i + 1)) {
                chunk.append(workload.id(i))
                        .append('\t')
                        .append(workload.text(i))
                        .append('\n');
                if (chunk.length() > (1 << 20) - 512) {
                    write(copy, chunk);
                }
            }
            write(copy, chunk);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("ANALYZE expected");
        }
    }

    private static void write(CopyIn copy, StringBuilder chunk) throws SQLException {
        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        chunk.setLength(0);
    }

    private Check deadLetters(Set<Position> invalid) {
        DeadLetters.Contents dlq = deadLetters.read();
        Set<Position> missing = new HashSet<>(invalid);
        missing.removeAll(dlq.distinct());
        Set<Position> unexpected = new HashSet<>(dlq.distinct());
        unexpected.removeAll(invalid);
        boolean ok = missing.isEmpty() && unexpected.isEmpty() && dlq.foreign() == 0;
        return Check.of(
                ok,
                "dlq: " + Format.count(dlq.distinct().size()) + " distinct source records for "
                        + Format.count(invalid.size()) + " invalid produced (" + Format.count(missing.size())
                        + " missing, " + Format.count(unexpected.size() + dlq.foreign()) + " unexpected); "
                        + "published twice by a writer killed before its batch committed: "
                        + Format.count(dlq.records() - dlq.distinct().size())
                        + " (allowed: the DLQ is at-least-once)");
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
