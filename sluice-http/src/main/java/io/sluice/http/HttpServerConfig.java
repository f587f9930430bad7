package io.sluice.http;

import io.sluice.core.config.Settings;

/**
 * Where a service listens.
 *
 * @param host {@code http.host} (the original's {@code flask.host} is an alias, docs/origins.md#text-writer-configuration), default {@code 0.0.0.0}
 * @param port {@code http.port} (env {@code HTTP_PORT}); 0 picks a free port
 * @param maxRequestBytes {@code http.max_request_bytes}: larger bodies get 413, default 1 MiB
 */
public record HttpServerConfig(String host, int port, long maxRequestBytes) {

    public static final long DEFAULT_MAX_REQUEST_BYTES = 1L << 20;

    public static HttpServerConfig from(Settings s, int defaultPort) {
        return new HttpServerConfig(
                s.string("http.host", "0.0.0.0"),
                s.integer("http.port", defaultPort, 0, 65535),
                s.longValue("http.max_request_bytes", DEFAULT_MAX_REQUEST_BYTES));
    }
}
