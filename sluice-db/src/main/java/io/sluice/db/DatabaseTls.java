package io.sluice.db;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * TLS towards PostgreSQL, as pgjdbc's {@code sslmode} and {@code sslrootcert} (and Debezium's
 * {@code database.sslmode}, {@code database.sslrootcert}).
 *
 * @param sslMode {@code database.sslmode} (env {@code DATABASE_SSLMODE}): {@code disable}, {@code allow},
 *     {@code prefer}, {@code require}, {@code verify-ca} or {@code verify-full}; null leaves the driver's default
 *     ({@code prefer})
 * @param sslRootCert {@code database.sslrootcert} (env {@code DATABASE_SSLROOTCERT}): the CA certificate file that
 *     {@code verify-ca} and {@code verify-full} check the server against; null for the driver's default
 */
public record DatabaseTls(String sslMode, String sslRootCert) {
    public static final DatabaseTls DEFAULT = new DatabaseTls(null, null);
    private static final Set<String> MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** @throws ConfigException naming {@code database.sslmode} when the mode is not one of the six */
    public DatabaseTls {
        sslMode = sslMode == null || sslMode.isBlank() ? null : sslMode.trim().toLowerCase(Locale.ROOT);
        sslRootCert = sslRootCert == null || sslRootCert.isBlank() ? null : sslRootCert.trim();
        if (sslMode != null && !MODES.contains(sslMode)) {
            throw new ConfigException("database.sslmode must be disable, allow, prefer, require, verify-ca or"
                    + " verify-full, got '" + sslMode + "'");
        }
    }

    public static DatabaseTls from(Settings s) {
        return new DatabaseTls(
                s.optional("database.sslmode").orElse(null),
                s.optional("database.sslrootcert").orElse(null));
    }

    /** The JDBC URL's query: {@code ?sslmode=require&sslrootcert=...}, or empty. */
    String urlQuery() {
        StringBuilder q = new StringBuilder();
        if (sslMode != null) {
            q.append("sslmode=").append(sslMode);
        }
        if (sslRootCert != null) {
            q.append(q.isEmpty() ? "" : "&")
                    .append("sslrootcert=")
                    .append(URLEncoder.encode(sslRootCert, StandardCharsets.UTF_8));
        }
        return q.isEmpty() ? "" : "?" + q;
    }
}
