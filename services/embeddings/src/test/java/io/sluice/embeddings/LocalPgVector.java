package io.sluice.embeddings;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The machine's own PostgreSQL with pgvector (127.0.0.1:5432, user postgres, trust auth; override with
 * {@code -Dpgvector.host}/{@code -Dpgvector.port}), where scripts/install-pgvector.sh installs the extension. The
 * embedded test PostgreSQL has no pgvector. Tests that need it call {@link #freshDatabase()}, which skips them (a JUnit
 * assumption, with the reason) when the server or the extension is missing, and {@link #drop} afterwards.
 */
final class LocalPgVector {
    static final String HOST = System.getProperty("pgvector.host", "127.0.0.1");
    static final int PORT = Integer.getInteger("pgvector.port", 5432);

    private static volatile boolean warned;

    private LocalPgVector() {}

    /** A new empty database on the local server, or the test is skipped with the reason. */
    static TestDatabase freshDatabase() {
        String reason = problem();
        if (reason != null && !warned) {
            warned = true;
            System.err.println("WARNING: pgvector tests skipped: " + reason
                    + " (run scripts/install-pgvector.sh as root; .ci/run does)");
        }
        assumeTrue(
                reason == null,
                () -> "pgvector tests skipped: " + reason + " (run scripts/install-pgvector.sh as root; .ci/run does)");
        String name = "sluice_pgv_" + UUID.randomUUID().toString().substring(0, 8);
        execute("CREATE DATABASE " + name);
        return new TestDatabase(HOST, PORT, name, "postgres", "postgres");
    }

    static void drop(TestDatabase db) {
        if (db != null) {
            execute("DROP DATABASE IF EXISTS " + db.name() + " WITH (FORCE)");
        }
    }

    /** Why pgvector tests cannot run here, or null. */
    static String problem() {
        try (Connection c = admin();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")) {
            return rs.next() ? null : "PostgreSQL at " + HOST + ":" + PORT + " has no pgvector extension";
        } catch (SQLException e) {
            return "no PostgreSQL at " + HOST + ":" + PORT + " for user postgres (" + e.getMessage() + ")";
        }
    }

    private static void execute(String sql) {
        try (Connection c = admin();
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + HOST + ":" + PORT, e);
        }
    }

    private static Connection admin() throws SQLException {
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", "postgres", "");
    }
}
