package io.sluice.testkit;

import io.sluice.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension and static access to one real PostgreSQL server shared by every test in the JVM.
 *
 * <p>The server ({@link EmbeddedPostgres}, PostgreSQL 18, a free port, a temp data directory) starts on first use:
 * registering the extension (<code>&#64;ExtendWith(Postgres.class)</code>) starts it before the class's tests;
 * otherwise the first static call does. A JVM shutdown hook stops it and deletes its data. The binaries are
 * extracted once per machine into {@link #BINARIES_DIRECTORY} and reused by later runs.
 *
 * <pre>{@code
 * TestDatabase db = Postgres.freshDatabase("orders");
 * db.execute("CREATE TABLE items (id int PRIMARY KEY)");
 * assertThat(db.count("SELECT count(*) FROM items")).isZero();
 * }</pre>
 *
 * <p>Tests share the server, so each test uses its own database ({@link #freshDatabase(String)}). All methods are
 * thread-safe and throw {@link IllegalStateException} when the server fails. Tests that simulate an outage use
 * {@link #dedicated(Path)}, never the shared server.
 */
public final class Postgres implements BeforeAllCallback {
    /**
     * The extracted PostgreSQL binaries, shared by all test JVMs of this user: the private
     * {@link EmbeddedPostgres#defaultBinariesDirectory()} ({@code ~/.cache/sluice/pg-bin}).
     */
    public static final Path BINARIES_DIRECTORY = EmbeddedPostgres.defaultBinariesDirectory();

    private static final int MAX_PREFIX_LENGTH = 40;

    private static EmbeddedPostgres sharedServer;

    /** Starts the shared server (once per JVM) before the annotated class's tests run. */
    @Override
    public void beforeAll(ExtensionContext context) {
        shared();
    }

    /**
     * Creates a new empty database on the shared server, named {@code <prefix>_<random>} (the prefix lower-cased,
     * characters other than {@code [a-z0-9_]} replaced by {@code _}, cut to 40 characters).
     */
    public static TestDatabase freshDatabase(String prefix) {
        String cleaned = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String name = cleaned.substring(0, Math.min(cleaned.length(), MAX_PREFIX_LENGTH)) + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        EmbeddedPostgres server = shared();
        server.ensureDatabase(name);
        return TestDatabase.on(server, name);
    }

    /**
     * A new server of its own (a free port, data in {@code dataDirectory}, the shared binaries), <em>not
     * started</em>: for outage tests. The caller starts, stops and closes it; {@link TestDatabase#on} describes a
     * database on it.
     */
    public static EmbeddedPostgres dedicated(Path dataDirectory) {
        return EmbeddedPostgres.builder()
                .dataDirectory(dataDirectory)
                .binariesDirectory(BINARIES_DIRECTORY)
                .build();
    }

    private static synchronized EmbeddedPostgres shared() {
        if (sharedServer == null) {
            Path dir = TempDirectory.create("sluice-pg-");
            EmbeddedPostgres starting = dedicated(dir.resolve("data"));
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                starting.stop();
                                TempDirectory.deleteQuietly(dir);
                            },
                            "testkit-postgres-shutdown"));
            starting.start();
            sharedServer = starting;
        }
        return sharedServer;
    }
}
