package io.sluice.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.sluice.http.RouteAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's pages, served from the jar (no CDN, no network): {@code /} is {@code console/index.html},
 * {@code /assets/<path>} is {@code console/<path>}, {@code /webjars/uplot/<path>} is uPlot's webjar
 * ({@code META-INF/resources/webjars/uplot/<path>}). The pages are {@code no-cache} (revalidated on every load, so
 * a new jar shows at once); the webjar's files carry their version in the path and are cached for a year. A path
 * with {@code ..}, a backslash or an unknown file is 404. Thread-safe: read resources are kept in memory.
 */
final class StaticAssets {
    static final String PAGES = "console/";
    static final String WEBJARS = "META-INF/resources/webjars/";

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("map", "application/json"));

    private final ClassLoader loader = StaticAssets.class.getClassLoader();
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    void register(RoutesConfig routes) {
        routes.get("/", ctx -> serve(ctx, PAGES + "index.html", false), RouteAccess.READ);
        routes.get("/index.html", ctx -> serve(ctx, PAGES + "index.html", false), RouteAccess.READ);
        routes.get("/assets/<path>", ctx -> serve(ctx, PAGES + safe(ctx.pathParam("path")), false), RouteAccess.READ);
        routes.get(
                "/webjars/<path>",
                ctx -> serve(ctx, WEBJARS + "uplot/" + safe(uplotPath(ctx.pathParam("path"))), true),
                RouteAccess.READ);
    }

    /** Only uPlot's webjar is served ({@code /webjars/uplot/1.6.30/dist/uPlot.iife.min.js}). */
    private static String uplotPath(String path) {
        if (!path.startsWith("uplot/")) {
            throw new NotFoundResponse("Not found");
        }
        return path.substring("uplot/".length());
    }

    static String safe(String path) {
        if (path.isEmpty() || path.contains("..") || path.contains("\\") || path.startsWith("/")) {
            throw new NotFoundResponse("Not found");
        }
        return path;
    }

    private void serve(Context ctx, String resource, boolean immutable) {
        byte[] body = read(resource);
        if (body == null || resource.endsWith("/")) {
            throw new NotFoundResponse("Not found");
        }
        ctx.header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(contentType(resource)).result(body);
    }

    static String contentType(String resource) {
        int dot = resource.lastIndexOf('.');
        String ext = dot < 0 ? "" : resource.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    /** The resource's bytes, or null when the jar has none by that name. */
    byte[] read(String resource) {
        byte[] cached = cache.get(resource);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            cache.put(resource, bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
