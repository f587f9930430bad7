package io.sluice.bench.ingest;

import io.sluice.bench.CpuTime;
import io.sluice.db.DatabaseConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The physical limit the text writer is compared with: a raw {@code COPY} of the rows it stored into an empty copy of
 * its table ({@code CREATE TABLE copy_target (LIKE text_messages INCLUDING ALL)}: same columns, primary key and
 * index). The rows are first exported to a file and the writer's table vacuumed, so autovacuum does not compete (not
 * timed); the timed part is the {@code COPY ... FROM STDIN} and its commit.
 */
final class CopyBaseline {
    private static final String COLUMNS = "(id, message, source, source_id, created_at, processed_at)";

    private CopyBaseline() {}

    /** The rows copied, the nanoseconds the COPY took and the CPU it used. */
    record Result(long rows, long nanos, CpuTime cpu) {}

    /** @param cpu reads the CPU clocks; read around the COPY while its server process is alive */
    static Result run(DatabaseConfig db, Path scratch, Supplier<CpuTime> cpu) {
        Path file = scratch.resolve("text_messages.copy");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            try (OutputStream out = Files.newOutputStream(file)) {
                copy.copyOut("COPY text_messages " + COLUMNS + " TO STDOUT", out);
            }
            try (Statement st = c.createStatement()) {
                // Leave autovacuum nothing to do on the writer's table, so it cannot compete with the COPY.
                st.execute("VACUUM (ANALYZE) text_messages");
                st.execute("CREATE TABLE copy_target (LIKE text_messages INCLUDING ALL)");
            }
            Checkpoint.run(c);
            CpuTime before = cpu.get();
            long start = System.nanoTime();
            long rows;
            try (InputStream in = Files.newInputStream(file)) {
                rows = copy.copyIn("COPY copy_target " + COLUMNS + " FROM STDIN", in, 1 << 16);
            }
            long elapsed = System.nanoTime() - start;
            return new Result(rows, elapsed, cpu.get().minus(before));
        } catch (SQLException e) {
            throw new IllegalStateException("the COPY baseline failed on " + db.jdbcUrl() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("the COPY baseline could not use " + file, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Deleted with the scratch directory.
            }
        }
    }
}
