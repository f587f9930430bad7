package io.sluice.db;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how to reach PostgreSQL.
 *
 * @param host {@code database.host} (env {@code DATABASE_HOST}), default {@code localhost}
 * @param port {@code database.port} (env {@code DATABASE_PORT}), default 5434 — the port `sluice up` gives its
 *     embedded PostgreSQL, as in the original embeddings pipeline (docs/origins.md#embeddings-configuration)
 * @param name {@code database.name} (env {@code DATABASE_NAME}), default {@code text_messages_db}
 * @param user {@code database.user} (env {@code DATABASE_USER}), default {@code postgres}
 * @param password {@code database.password} (env {@code DATABASE_PASSWORD}), default {@code postgres}
 * @param poolSize {@code database.connection_pool_size}, default 10
 * @param connectionTimeout {@code database.connection_timeout_ms}: how long a caller waits for a pooled
 *     connection before the attempt fails (and a consumer backs off), default 5000
 * @param createIfMissing {@code database.create_if_missing}: create the database on first connect, default true
 * @param socketTimeout {@code database.socket_timeout_ms}: how long a pooled connection waits for the server to
 *     answer one read before the call fails as an outage (pgjdbc's {@code socketTimeout}), so a hung server gives a
 *     503 instead of holding the request; default 5000, 0 waits for ever. Maintenance work lifts it
 *     ({@link Jdbc#maintenance})
 * @param statementTimeout {@code database.statement_timeout_ms}: the server cancels a statement running longer
 *     (PostgreSQL's {@code statement_timeout}, SQLState 57014, an outage to callers), default 4000 — under the
 *     socket timeout, so a slow query ends cleanly and keeps its connection; 0 turns it off
 * @param tls {@code database.sslmode}, {@code database.sslrootcert}: {@link DatabaseTls}, in every JDBC URL
 */
public record DatabaseConfig(
        String host,
        int port,
        String name,
        String user,
        String password,
        int poolSize,
        Duration connectionTimeout,
        boolean createIfMissing,
        Duration socketTimeout,
        Duration statementTimeout,
        DatabaseTls tls) {

    public static final int DEFAULT_PORT = 5434;
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(4);

    /** The original's environment variables (docs/origins.md#text-writer-configuration) and the keys they set. */
    public static final Map<String, String> ENV = Map.of(
            "DATABASE_HOST", "database.host",
            "DATABASE_PORT", "database.port",
            "DATABASE_NAME", "database.name",
            "DATABASE_USER", "database.user",
            "DATABASE_PASSWORD", "database.password",
            "DATABASE_SSLMODE", "database.sslmode",
            "DATABASE_SSLROOTCERT", "database.sslrootcert");

    public DatabaseConfig {
        java.util.Objects.requireNonNull(tls, "tls");
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new ConfigException("database.name must be a plain identifier, got '" + name + "'");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException("database.port must be between 1 and 65535, got " + port);
        }
        if (socketTimeout.isNegative()) {
            throw new ConfigException("database.socket_timeout_ms must be 0 or more, got " + socketTimeout.toMillis());
        }
        if (statementTimeout.isNegative()) {
            throw new ConfigException(
                    "database.statement_timeout_ms must be 0 or more, got " + statementTimeout.toMillis());
        }
    }

    /** With the default socket and statement timeouts, and no TLS settings ({@link DatabaseTls#DEFAULT}). */
    public DatabaseConfig(
            String host,
            int port,
            String name,
            String user,
            String password,
            int poolSize,
            Duration connectionTimeout,
            boolean createIfMissing) {
        this(
                host,
                port,
                name,
                user,
                password,
                poolSize,
                connectionTimeout,
                createIfMissing,
                DEFAULT_SOCKET_TIMEOUT,
                DEFAULT_STATEMENT_TIMEOUT,
                DatabaseTls.DEFAULT);
    }

    public static DatabaseConfig from(Settings s) {
        return new DatabaseConfig(
                s.string("database.host", "localhost"),
                s.integer("database.port", DEFAULT_PORT),
                s.string("database.name", "text_messages_db"),
                s.string("database.user", "postgres"),
                s.string("database.password", "postgres"),
                s.integer("database.connection_pool_size", 10, 1, 500),
                s.millis("database.connection_timeout_ms", Duration.ofSeconds(5)),
                s.bool("database.create_if_missing", true),
                s.millis("database.socket_timeout_ms", DEFAULT_SOCKET_TIMEOUT),
                s.millis("database.statement_timeout_ms", DEFAULT_STATEMENT_TIMEOUT),
                DatabaseTls.from(s));
    }

    public String jdbcUrl() {
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + tls.urlQuery();
    }

    public DatabaseConfig withServer(String host, int port) {
        return new DatabaseConfig(
                host,
                port,
                name,
                user,
                password,
                poolSize,
                connectionTimeout,
                createIfMissing,
                socketTimeout,
                statementTimeout,
                tls);
    }
}
