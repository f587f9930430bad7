package io.sluice.http;

import io.javalin.security.RouteRole;

/**
 * What a route does, declared when it is added ({@code routes.post("/stop", handler, RouteAccess.CONTROL)}), so that
 * {@link HttpServer} guards it; see {@link HttpAccess} for the checks.
 *
 * <p>A route declared with neither role is classified by its method: {@code GET}, {@code HEAD} and {@code OPTIONS}
 * read, any other method controls. A route that reads with a body ({@code POST /embeddings/search}) says
 * {@link #READ}.
 */
public enum RouteAccess implements RouteRole {
    /** Writes or controls: token, Origin and media-type checks apply. */
    CONTROL,
    /** Only reads, whatever its method: open to anyone who may reach the server (the Host check still applies). */
    READ
}
