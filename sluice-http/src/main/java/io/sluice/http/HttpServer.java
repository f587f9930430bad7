package io.sluice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthStatus;
import io.sluice.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side every Sluice service shares (Javalin on virtual threads): {@code GET /health} (503 when down),
 * {@code GET /ready} (the same verdict, for readiness probes), {@code GET /live} (200 while the process answers,
 * for liveness probes), {@code GET /metrics} (Prometheus text), JSON error bodies for every 4xx, and a logged 500
 * for anything unexpected. The service adds its own routes.
 *
 * <p>Errors: {@link ApiException} → its status and body; {@link StoreUnavailableException} → 503
 * {@code {"error": "<Store> unavailable, try again later"}}, one warning line; a body over the size limit → 413;
 * malformed JSON → 400; a malformed or cut-short body (Jetty's {@code HttpException}) → 400
 * {@code {"error": "Bad request: <reason>"}}, one INFO line; a request Jetty refuses before routing (414, 431, bad URI,
 * unknown HTTP version) → its status with {@code {"error": "<reason>"}} ({@link JsonErrorHandler});
 * unknown route → 404 {@code {"error":"Not found"}}; anything else → 500
 * {@code {"error": "Internal server error"}}, logged once with its stack trace. Request bodies: {@link JsonBody}.
 *
 * <p>Metrics: {@value #REQUESTS_METRIC} (a timer) tagged {@code service}, {@code method} (GET, POST, PUT, DELETE,
 * PATCH, HEAD, OPTIONS, or OTHER for any other token), {@code route} and {@code status}, so that services sharing a registry (in {@code sluice up}) keep their own series. Thread-safe once
 * started.
 *
 * <p>Access: before any matched route, the checks of {@link HttpAccess} (token, Host, Origin, media type), by the
 * route's {@link RouteAccess}.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    public static final String REQUESTS_METRIC = "sluice.http.server.requests";

    /** Request attribute set when a handler rendered its own error body (a 404 for a missing message, say). */
    private static final String RENDERED = "sluice.error.rendered";

    private final Javalin app;

    private HttpServer(Javalin app) {
        this.app = app;
    }

    /**
     * Starts a server.
     *
     * @param service the service's name, the {@code service} tag of the request metrics ({@code text-writer-service})
     * @param health the service's health; its status decides 200 or 503 on {@code /health} and {@code /ready}
     * @param routes adds the service's own routes and handlers
     */
    public static HttpServer start(
            String service,
            HttpServerConfig config,
            PrometheusMeterRegistry registry,
            Supplier<Health> health,
            Consumer<RoutesConfig> routes) {
        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.concurrency.useVirtualThreads = true;
            c.http.maxRequestSize = config.maxRequestBytes();
            c.http.prefer405over404 = true;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.jsonMapper(new JavalinJackson(Json.mapper(), false));
            c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            c.requestLogger.http((ctx, ms) -> record(registry, service, ctx, ms));

            c.routes.before(HttpServer::refuseNul);
            c.routes.get("/health", ctx -> renderHealth(ctx, health.get()));
            // Liveness: the process answers. Readiness and /health also weigh the dependencies, so an orchestrator
            // that restarts on /health would restart every replica during a database outage.
            c.routes.get("/live", ctx -> ctx.json(Map.of("alive", true)));
            c.routes.get("/ready", ctx -> {
                Health h = health.get();
                ctx.status(h.status() == HealthStatus.DOWN ? 503 : 200)
                        .json(Map.of(
                                "ready",
                                h.status() != HealthStatus.DOWN,
                                "status",
                                h.status().label()));
            });
            c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.scrape()));
            c.routes.beforeMatched(new RequestGuard(config)::check); // HttpAccess: token, Host, Origin, media type
            routes.accept(c.routes);

            c.routes.exception(ApiException.class, (e, ctx) -> {
                ctx.attribute(RENDERED, true);
                if (e.status() == 413) {
                    drainBody(ctx, config.maxRequestBytes());
                }
                ctx.status(e.status()).json(e.body());
            });
            c.routes.exception(StoreUnavailableException.class, (e, ctx) -> StoreOutage.render(ctx, e));
            c.routes.exception(JsonProcessingException.class, (e, ctx) -> ctx.status(400)
                    .json(Map.of("error", JsonBody.MALFORMED + e.getOriginalMessage())));
            c.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
                    .json(Map.of("error", e.getMessage())));
            c.routes.exception(Exception.class, HttpServer::renderFailure);
            c.routes.error(404, ctx -> {
                if (ctx.attribute(RENDERED) == null) {
                    ctx.json(error("Not found", ctx.path()));
                }
            });
            c.routes.error(405, ctx -> ctx.json(error("Method not allowed", ctx.path())));
        });
        app.start();
        return new HttpServer(app);
    }

    /**
     * A NUL in the path or the query ({@code %00}) is refused before any route decodes it into an id or a filter: no
     * store can look it up (PostgreSQL refuses NUL in text), so it could only end as a 500.
     */
    private static void refuseNul(Context ctx) {
        if (hasNul(ctx.req().getRequestURI()) || hasNul(ctx.req().getQueryString())) {
            throw new ApiException(
                    400, "The request URI must not contain NUL characters (%00)", Map.of("path", ctx.path()));
        }
    }

    static boolean hasNul(String s) {
        if (s == null) {
            return false;
        }
        return s.indexOf('\0') >= 0 || s.toLowerCase(Locale.ROOT).contains("%00");
    }

    /**
     * Reads and drops what is left of a refused body (up to four times the limit) before answering: a route that
     * refuses on the Content-Length alone leaves the body unsent, and the server then closes the connection while the
     * client still writes it, so the client may see a reset instead of the 413 (a CI run did).
     */
    static void drainBody(Context ctx, long maxRequestBytes) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] buffer = new byte[16 * 1024];
            long left = 4 * Math.max(maxRequestBytes, 64 * 1024);
            for (int n; left > 0 && (n = in.read(buffer)) > 0; ) {
                left -= n;
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away, or the body was read already: nothing to drain
        }
    }

    /**
     * An exception no other mapping took: the client's fault when Jetty says so (a malformed chunked body, a body cut
     * short: Jetty's {@link HttpException}, 400 {@code {"error": "Bad request: <reason>"}}) or when the body did not
     * arrive in time (408); else a bug ({@link #renderInternalError}). A client's fault is logged at INFO, one line:
     * a client that goes away mid-request is not a failure of the service.
     */
    private static void renderFailure(Exception e, Context ctx) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                int code = http.getCode() >= 400 && http.getCode() < 500 ? http.getCode() : 400;
                String reason = http.getReason() == null ? HttpStatus.getMessage(code) : http.getReason();
                log.info("{} {}: bad request: {}", ctx.method(), ctx.path(), reason);
                ctx.status(code).json(Map.of("error", "Bad request: " + reason));
                return;
            }
            if (t instanceof TimeoutException timeout && isIdleTimeout(timeout)) {
                log.info("{} {}: the request body did not arrive in time", ctx.method(), ctx.path());
                ctx.status(408).json(Map.of("error", "Request timeout: the body did not arrive in time"));
                return;
            }
        }
        renderInternalError(ctx, e);
    }

    /** Jetty's idle timeout while the body was read, not a timeout of the handler's own work (a 500 or its own). */
    private static boolean isIdleTimeout(TimeoutException e) {
        return e.getMessage() != null && e.getMessage().startsWith("Idle timeout");
    }

    /** A bug: 500 {@code {"error": "Internal server error"}}, logged once with its stack trace. */
    static void renderInternalError(Context ctx, Exception e) {
        log.error("{} {} failed", ctx.method(), ctx.path(), e);
        ctx.status(500).json(Map.of("error", "Internal server error"));
    }

    private static Map<String, Object> error(String message, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("path", path);
        return body;
    }

    /**
     * Marks the response's body as the handler's own, so that an error status it sets (a proxied 404, say) keeps that
     * body instead of the server's generic {@code {"error": "Not found"}}.
     */
    public static void keepBody(Context ctx) {
        ctx.attribute(RENDERED, true);
    }

    /** Renders {@code {"status": "...", ...details}}, 503 when down. */
    public static void renderHealth(Context ctx, Health health) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", health.status().label());
        body.putAll(health.details());
        ctx.status(health.status() == HealthStatus.DOWN ? 503 : 200).json(body);
    }

    private static void record(PrometheusMeterRegistry registry, String service, Context ctx, Float ms) {
        String route;
        try {
            route = ctx.endpoint().path;
        } catch (RuntimeException e) { // no endpoint matched (404)
            route = "unmatched";
        }
        Timer.builder(REQUESTS_METRIC)
                .description("HTTP requests served")
                .tags(
                        "service",
                        service,
                        "method",
                        methodTag(ctx.method().name()),
                        "route",
                        route,
                        "status",
                        Integer.toString(ctx.statusCode()))
                .register(registry)
                .record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS);
    }

    /**
     * The {@code method} tag: the standard methods a route may serve, anything else (WebDAV, made-up or lower-case
     * tokens, TRACE, CONNECT) grouped as {@code OTHER}, so that a client cannot add series to the registry.
     */
    static String methodTag(String method) {
        return switch (method) {
            case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS" -> method;
            default -> "OTHER";
        };
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
