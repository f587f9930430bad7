package io.sluice.http;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;

/**
 * Where a service listens, who may use it, and how much one request or one answer may hold.
 *
 * @param host the bind address: {@code http.bind_address}, or its older name {@code http.host} (the original's
 *     {@code flask.host} is an alias, docs/origins.md#text-writer-configuration); default {@code 0.0.0.0}, but
 *     {@code sluice up} makes it {@code 127.0.0.1} unless one is set ({@link #bindAddress})
 * @param port {@code http.port} (env {@code HTTP_PORT}); 0 picks a free port
 * @param maxRequestBytes {@code http.max_request_bytes}: larger bodies get 413, default 1 MiB
 * @param maxPageBytes {@code http.max_page_bytes}: the byte budget of one page of a list endpoint (the rows' stored
 *     size, summed); a page stops early once past it, at least one row, and says so ({@code "truncated": true} and
 *     where the next page starts), so that a list of large rows cannot exhaust the heap; default 4 MiB
 * @param access the token and allowed names, {@link HttpAccess#from}
 */
public record HttpServerConfig(String host, int port, long maxRequestBytes, long maxPageBytes, HttpAccess access) {

    public static final long DEFAULT_MAX_REQUEST_BYTES = 1L << 20;
    public static final long DEFAULT_MAX_PAGE_BYTES = 4L << 20;

    /** The key {@code sluice up} gives a default of {@code 127.0.0.1}. */
    public static final String BIND_ADDRESS = "http.bind_address";

    public HttpServerConfig {
        java.util.Objects.requireNonNull(access, "access");
        if (maxPageBytes < 1) {
            throw new ConfigException("http.max_page_bytes must be at least 1, got " + maxPageBytes);
        }
    }

    /** The default page budget, no token, the default host names ({@link HttpAccess#DEFAULT}). */
    public HttpServerConfig(String host, int port, long maxRequestBytes) {
        this(host, port, maxRequestBytes, DEFAULT_MAX_PAGE_BYTES, HttpAccess.DEFAULT);
    }

    public static HttpServerConfig from(Settings s, int defaultPort) {
        return new HttpServerConfig(
                bindAddress(s),
                s.integer("http.port", defaultPort, 0, 65535),
                s.longValue("http.max_request_bytes", DEFAULT_MAX_REQUEST_BYTES),
                s.longValue("http.max_page_bytes", DEFAULT_MAX_PAGE_BYTES),
                HttpAccess.from(s));
    }

    /**
     * The bind address: the first of {@code ownKeys} (a service's own, {@code events.http.host}), then
     * {@code http.bind_address}, then {@code http.host} that a layer sets; else {@code http.bind_address}'s default
     * ({@code 127.0.0.1} in {@code sluice up}), else {@code 0.0.0.0} (alone, in a container).
     */
    public static String bindAddress(Settings s, String... ownKeys) {
        for (String key : ownKeys) {
            if (explicit(s, key)) {
                return s.string(key, "").trim();
            }
        }
        for (String key : new String[] {BIND_ADDRESS, "http.host"}) {
            if (explicit(s, key)) {
                return s.string(key, "").trim();
            }
        }
        return s.string(BIND_ADDRESS, "0.0.0.0").trim();
    }

    /** Set by a layer, not by {@link Settings#withDefaults}. */
    private static boolean explicit(Settings s, String key) {
        return s.isSet(key) && !s.origin(key).equals("default");
    }
}
