package io.sluice.requestevents.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite file events are stored in, as a {@link DataSource} for the consumer's one writer thread.
 *
 * <p>Each {@link #getConnection()} opens a fresh connection (WAL journal, {@code synchronous=NORMAL}, a 5 s busy
 * timeout, {@code BEGIN IMMEDIATE} transactions), so a file that was unwritable is retried from scratch on the next
 * batch. One more connection stays open while the database is in use, holding nothing, so that SQLite keeps the
 * WAL between transactions instead of checkpointing it every time the writer's connection closes.
 *
 * <p>The schema ({@code db/request-events/V*.sql}, tracked in {@code PRAGMA user_version}) is applied on the first
 * connection that succeeds, not at startup: the service starts, and serves, while the database is unwritable.
 *
 * <p>Durability: WAL with {@code synchronous=NORMAL} survives a killed process; a power cut may lose the last
 * transactions, but rows and offsets are lost together, so the records are read again (exactly-once still holds).
 *
 * <p>Thread-safe, though meant for one writer.
 */
public final class SqliteDatabase implements DataSource, AutoCloseable {
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
    private static final String[] MIGRATIONS = {"db/request-events/V1__events.sql"};

    private final Path path;
    private final String url;
    private final SQLiteConfig config;
    private volatile boolean migrated;
    private Connection anchor;

    private SqliteDatabase(Path path) {
        this.path = path;
        this.url = "jdbc:sqlite:" + path;
        this.config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(5_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    }

    /** A database at {@code path}; creates the parent directory when it can. Opens nothing yet. */
    public static SqliteDatabase at(Path path) {
        Path absolute = path.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            log.warn("cannot create {} yet ({}); events are stored once it can be", absolute.getParent(), e.toString());
        }
        return new SqliteDatabase(absolute);
    }

    public Path path() {
        return path;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = config.createConnection(url);
        try {
            if (!migrated) {
                migrate(c);
            }
            keepAnchor();
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private synchronized void migrate(Connection c) throws SQLException {
        if (migrated) {
            return;
        }
        int version;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        for (int v = version; v < MIGRATIONS.length; v++) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String sql : statements(MIGRATIONS[v])) {
                    st.execute(sql);
                }
                st.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
            log.info("event store {}: applied {}", path, MIGRATIONS[v]);
        }
        migrated = true;
    }

    private synchronized void keepAnchor() {
        if (anchor != null) {
            return;
        }
        try {
            anchor = config.createConnection(url);
        } catch (SQLException e) {
            log.debug("event store {}: no idle connection ({})", path, e.getMessage());
        }
    }

    private static String[] statements(String resource) {
        try (InputStream in = SqliteDatabase.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration " + resource + " is missing from the classpath");
            }
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^\\s*--.*$", "");
            return java.util.Arrays.stream(sql.split(";"))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toArray(String[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    @Override
    public synchronized void close() {
        if (anchor != null) {
            try {
                anchor.close();
            } catch (SQLException e) {
                log.debug("closing the idle connection to {}", path, e);
            }
            anchor = null;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
