package io.sluice.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pooled PostgreSQL connection (HikariCP) with Flyway migrations.
 *
 * <p>{@link #connect} waits for the server (with backoff, up to the given timeout) so services can start before
 * their database; once connected, the pool survives outages on its own: callers get a {@link DatabaseException}
 * after {@link DatabaseConfig#connectionTimeout()} and the pool reconnects when the server is back. A server that
 * accepts connections but stops answering (hung, or its host gone without a reset) fails a call after
 * {@link DatabaseConfig#socketTimeout()}, and PostgreSQL cancels a statement running longer than
 * {@link DatabaseConfig#statementTimeout()}: both surface as a transient {@link DatabaseException} (503 on an API).
 * Migrations and {@link Jdbc#maintenance} run without those two limits. Thread-safe.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final String DATABASE_DOES_NOT_EXIST = "3D000";

    private final DatabaseConfig config;
    private final HikariDataSource dataSource;

    private Database(DatabaseConfig config, HikariDataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
    }

    /**
     * Connects, creating the database first when it is missing and {@link DatabaseConfig#createIfMissing()}.
     *
     * @param startupTimeout how long to wait for the server to accept connections
     * @throws DatabaseException if the server is still unreachable after {@code startupTimeout}
     */
    public static Database connect(
            DatabaseConfig config, String poolName, MeterRegistry registry, Duration startupTimeout) {
        RetryPolicy<Object> retry = RetryPolicy.builder()
                .handle(SQLException.class)
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .withMaxDuration(startupTimeout)
                .withMaxRetries(-1)
                .onRetry(e -> log.info(
                        "waiting for PostgreSQL at {}:{} ({})",
                        config.host(),
                        config.port(),
                        e.getLastException().getMessage()))
                .build();
        try {
            Failsafe.with(retry).run(() -> probe(config));
        } catch (FailsafeException e) {
            throw new DatabaseException(
                    "PostgreSQL at " + config.host() + ":" + config.port() + " is unreachable after " + startupTimeout,
                    (SQLException) e.getCause());
        }
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(poolName);
        hc.setJdbcUrl(config.jdbcUrl());
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(Math.min(2, config.poolSize()));
        hc.setConnectionTimeout(config.connectionTimeout().toMillis());
        hc.setInitializationFailTimeout(-1);
        hc.setDataSourceProperties(poolProperties(config, poolName));
        hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        return new Database(config, new HikariDataSource(hc));
    }

    /** The driver's properties for pooled connections: {@link #driverProperties} plus the two timeouts. */
    static Properties poolProperties(DatabaseConfig config, String applicationName) {
        Properties p = driverProperties(applicationName);
        if (!config.socketTimeout().isZero()) {
            // pgjdbc takes whole seconds; round up so that 1500 ms never becomes "no timeout" or 1 s.
            long seconds = Math.max(1, (config.socketTimeout().toMillis() + 999) / 1000);
            p.setProperty("socketTimeout", Long.toString(seconds));
        }
        if (!config.statementTimeout().isZero()) {
            p.setProperty(
                    "options",
                    "-c statement_timeout=" + config.statementTimeout().toMillis());
        }
        return p;
    }

    private static Properties driverProperties(String applicationName) {
        Properties p = new Properties();
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("connectTimeout", "5");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("reWriteBatchedInserts", "true");
        return p;
    }

    private static void probe(DatabaseConfig config) throws SQLException {
        Properties p = driverProperties("sluice-probe");
        p.setProperty("user", config.user());
        p.setProperty("password", config.password());
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), p)) {
            return;
        } catch (SQLException e) {
            if (!DATABASE_DOES_NOT_EXIST.equals(e.getSQLState()) || !config.createIfMissing()) {
                throw e;
            }
        }
        try (Connection c = DriverManager.getConnection(config.jdbcUrl("postgres"), p);
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + config.name());
            log.info("created database {}", config.name());
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created concurrently by another instance
                throw e;
            }
        }
    }

    /**
     * Applies the migrations under {@code location} (e.g. {@code classpath:db/text-writer}), tracked in their own
     * history table so that each module versions its schema independently.
     */
    public void migrate(String historyTable, String location) {
        // A server that restarts between the connection and the migration (seen in the fault run, where a service's
        // parts start side by side) is waited for as at connect time; a migration that failed half-way was rolled
        // back (PostgreSQL's DDL is transactional) and runs again.
        RetryPolicy<Object> retry = RetryPolicy.builder()
                .handleIf(Database::unreachable)
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .withMaxDuration(Duration.ofSeconds(60))
                .withMaxRetries(-1)
                .onRetry(e -> log.info(
                        "waiting for PostgreSQL at {}:{} to migrate {} ({})",
                        config.host(),
                        config.port(),
                        location,
                        e.getLastException().getMessage()))
                .build();
        Failsafe.with(retry).run(() -> migrateOnce(historyTable, location));
    }

    /** Whether {@code e} says the server could not be reached (SQLState class 08, connection exception). */
    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private void migrateOnce(String historyTable, String location) {
        // A connection of its own, without the pool's socket and statement timeouts: a migration may rewrite a table.
        var result = Flyway.configure()
                .dataSource(config.jdbcUrl(), config.user(), config.password())
                .table(historyTable)
                .locations(location)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info(
                    "applied {} migration(s) from {} (schema now at {})",
                    result.migrationsExecuted,
                    location,
                    result.targetSchemaVersion);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DatabaseConfig config() {
        return config;
    }

    /** Whether a pooled connection answers within two seconds. Never throws. */
    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
