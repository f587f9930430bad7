package io.sluice.http;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;

/**
 * Where a service listens, and how much one request or one answer may hold.
 *
 * @param host {@code http.host} (the original's {@code flask.host} is an alias, docs/origins.md#text-writer-configuration), default {@code 0.0.0.0}
 * @param port {@code http.port} (env {@code HTTP_PORT}); 0 picks a free port
 * @param maxRequestBytes {@code http.max_request_bytes}: larger bodies get 413, default 1 MiB
 * @param maxPageBytes {@code http.max_page_bytes}: the byte budget of one page of a list endpoint (the rows' stored
 *     size, summed); a page stops early once past it, at least one row, and says so ({@code "truncated": true} and
 *     where the next page starts), so that a list of large rows cannot exhaust the heap; default 4 MiB
 */
public record HttpServerConfig(String host, int port, long maxRequestBytes, long maxPageBytes) {

    public static final long DEFAULT_MAX_REQUEST_BYTES = 1L << 20;
    public static final long DEFAULT_MAX_PAGE_BYTES = 4L << 20;

    public HttpServerConfig {
        if (maxPageBytes < 1) {
            throw new ConfigException("http.max_page_bytes must be at least 1, got " + maxPageBytes);
        }
    }

    /** With the default page budget. */
    public HttpServerConfig(String host, int port, long maxRequestBytes) {
        this(host, port, maxRequestBytes, DEFAULT_MAX_PAGE_BYTES);
    }

    public static HttpServerConfig from(Settings s, int defaultPort) {
        return new HttpServerConfig(
                s.string("http.host", "0.0.0.0"),
                s.integer("http.port", defaultPort, 0, 65535),
                s.longValue("http.max_request_bytes", DEFAULT_MAX_REQUEST_BYTES),
                s.longValue("http.max_page_bytes", DEFAULT_MAX_PAGE_BYTES));
    }
}
