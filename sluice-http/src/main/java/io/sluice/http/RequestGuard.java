package io.sluice.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The checks of {@link HttpAccess}, run before every matched route. Immutable and thread-safe. */
final class RequestGuard {
    static final String BAD_TOKEN = "Missing or invalid API token";
    static final String BAD_HOST = "Host not allowed";
    static final String BAD_ORIGIN = "Cross-origin request refused";
    private static final Set<String> PROBES = Set.of("/health", "/ready", "/live", "/metrics");
    private static final Set<String> WILDCARD = Set.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", "");

    private final HttpAccess access;
    private final long maxRequestBytes;
    private final boolean anyHost;
    private final Set<String> hosts = new HashSet<>();
    private final List<String> domains;
    private final byte[] tokenDigest;

    RequestGuard(HttpServerConfig config) {
        this.access = config.access();
        this.maxRequestBytes = config.maxRequestBytes();
        String bind = config.host().trim().toLowerCase(Locale.ROOT);
        List<String> allowed = access.allowedHosts();
        this.anyHost = allowed.contains("*") || (allowed.isEmpty() && WILDCARD.contains(bind));
        hosts.addAll(List.of("localhost", "127.0.0.1", "[::1]"));
        if (!WILDCARD.contains(bind)) {
            hosts.add(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind);
        }
        allowed.stream()
                .filter(h -> !h.startsWith("."))
                .map(RequestGuard::hostName)
                .forEach(hosts::add);
        this.domains = allowed.stream().filter(h -> h.startsWith(".")).toList();
        this.tokenDigest = access.hasToken() ? sha256(access.apiToken()) : null;
    }

    /** @throws ApiException 403, 415 or 401 as {@link HttpAccess} says */
    void check(Context ctx) {
        if (PROBES.contains(ctx.path())) {
            return;
        }
        String host = ctx.header("Host");
        if (!anyHost && !hostAllowed(host)) {
            refuse(ctx, new ApiException(403, BAD_HOST, Map.of("host", host == null ? "" : host)));
        }
        if (!isControl(ctx)) {
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null && !originAllowed(origin, host)) {
            refuse(ctx, new ApiException(403, BAD_ORIGIN, Map.of("origin", origin)));
        }
        String type = ctx.contentType();
        boolean typed = type != null && !type.isBlank();
        if ((typed || hasBody(ctx)) && !JsonBody.isJson(type)) {
            refuse(
                    ctx,
                    new ApiException(415, JsonBody.UNSUPPORTED_MEDIA_TYPE, Map.of("content_type", typed ? type : "")));
        }
        if (tokenDigest != null && !tokenMatches(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            refuse(ctx, new ApiException(401, BAD_TOKEN, Map.of("header", "Authorization")));
        }
    }

    /** Declared {@link RouteAccess#CONTROL}, or not declared {@link RouteAccess#READ} and not a safe method. */
    static boolean isControl(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.contains(RouteAccess.CONTROL)) {
            return true;
        }
        if (roles.contains(RouteAccess.READ)) {
            return false;
        }
        HandlerType method = ctx.method();
        return !(method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS);
    }

    boolean hostAllowed(String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        String name = hostName(header.trim().toLowerCase(Locale.ROOT));
        return hosts.contains(name) || domains.stream().anyMatch(d -> name.endsWith(d) || name.equals(d.substring(1)));
    }

    private boolean originAllowed(String origin, String host) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (access.allowedOrigins().contains(o)) {
            return true;
        }
        if (host == null) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        return o.equals("http://" + h) || o.equals("https://" + h);
    }

    private boolean tokenMatches(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Digests have one length, so the comparison's time says nothing about the token's length or prefix.
        return MessageDigest.isEqual(
                tokenDigest, sha256(authorization.substring(7).strip()));
    }

    /** {@code name:port} → {@code name}; {@code [::1]:80} → {@code [::1]}. */
    static String hostName(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int end = hostAndPort.indexOf(']');
            return end < 0 ? hostAndPort : hostAndPort.substring(0, end + 1);
        }
        int colon = hostAndPort.indexOf(':');
        if (colon >= 0 && colon == hostAndPort.lastIndexOf(':')) {
            return hostAndPort.substring(0, colon);
        }
        return colon >= 0 ? "[" + hostAndPort + "]" : hostAndPort; // a bare IPv6 address
    }

    private static boolean hasBody(Context ctx) {
        return ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    /** Reads what is left of the body, so the client reads the answer rather than a reset, then throws. */
    private void refuse(Context ctx, ApiException e) {
        if (hasBody(ctx)) {
            HttpServer.drainBody(ctx, maxRequestBytes);
        }
        throw e;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
