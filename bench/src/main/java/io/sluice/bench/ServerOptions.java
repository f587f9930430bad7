package io.sluice.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Options shared by the benchmark commands: where Kafka and PostgreSQL are (embedded ones of the benchmark's own by
 * default) and text writer settings to override. A picocli mixin.
 */
public final class ServerOptions {
    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?(?:/.*)?");

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "An external Kafka to use instead of an embedded broker on a free port.")
    String bootstrapServers;

    @Option(
            names = "--jdbc-url",
            paramLabel = "URL",
            description = "An external PostgreSQL server (jdbc:postgresql://HOST:PORT/) to use instead of an embedded"
                    + " one; the benchmark creates a database of its own there and drops it afterwards.")
    String jdbcUrl;

    @Option(
            names = "--db-user",
            paramLabel = "USER",
            defaultValue = "postgres",
            description = "User for --jdbc-url (default: ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(
            names = "--db-password",
            paramLabel = "PASSWORD",
            defaultValue = "${env:DATABASE_PASSWORD:-postgres}",
            description = "Password for --jdbc-url (default: $DATABASE_PASSWORD, else postgres).")
    String dbPassword;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override a text writer setting, e.g. --set batch.max_records=10000 (repeatable; see"
                    + " docs/operations.md).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(
            names = "--keep-data",
            description = "Keep the temporary directory with the embedded servers' data (its path is printed).")
    boolean keepData;

    /** Options naming no external server: everything embedded. */
    public static ServerOptions embedded() {
        return new ServerOptions();
    }

    /** Options naming an external Kafka and PostgreSQL server (as {@code --bootstrap-servers}, {@code --jdbc-url}). */
    public static ServerOptions external(String bootstrapServers, String jdbcUrl, String user, String password) {
        ServerOptions o = new ServerOptions();
        o.bootstrapServers = bootstrapServers;
        o.jdbcUrl = jdbcUrl;
        o.dbUser = user;
        o.dbPassword = password;
        return o;
    }

    public boolean keepData() {
        return keepData;
    }

    public Map<String, String> overrides() {
        return Map.copyOf(overrides);
    }

    /** Host and port of {@code --jdbc-url}, or null when PostgreSQL is embedded. */
    ExternalPostgres externalPostgres() {
        if (jdbcUrl == null) {
            return null;
        }
        Matcher m = JDBC_URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "--jdbc-url must look like jdbc:postgresql://HOST:PORT/, got '" + jdbcUrl + "'");
        }
        int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        return new ExternalPostgres(m.group(1), port, dbUser, dbPassword);
    }

    /** An external PostgreSQL server. */
    record ExternalPostgres(String host, int port, String user, String password) {}
}
