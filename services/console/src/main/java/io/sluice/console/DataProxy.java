package io.sluice.console;

import io.javalin.http.Context;
import io.sluice.http.ApiException;
import io.sluice.http.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The data panels' way to the services ({@code GET|POST /api/proxy/{service}/{path}}): forwards to the service's
 * own API, only for the paths its panel uses ({@link #ALLOWED}); passes the service's status, content type and body
 * through; a service out of reach is 503 {@code {"error": "<service> unreachable"}}. A write carries the console's
 * token for that service. Thread-safe.
 */
final class DataProxy {
    /** Per service, the paths the panels may use: {@code x} exactly, {@code x/*} one segment, {@code x...} x and below. */
    static final Map<String, List<String>> ALLOWED = Map.of(
            "text-writer", List.of("messages", "messages/*", "stats"),
            "embeddings", List.of("embeddings/search", "status"),
            "request-events", List.of("events..."),
            "inventory", List.of("inventory..."),
            "search-indexer", List.of("products..."),
            "analytics", List.of("analytics..."),
            "activity-processor", List.of("activity..."),
            "activity-ingestion", List.of("events..."));

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~:@!$&'()*+,;=-]+");

    private final HttpClient client;
    private final Map<String, String> urls;
    private final Map<String, String> tokens;
    private final Duration timeout;

    DataProxy(HttpClient client, Map<String, String> urls, Map<String, String> tokens, Duration timeout) {
        this.client = client;
        this.urls = Map.copyOf(urls);
        this.tokens = Map.copyOf(tokens);
        this.timeout = timeout;
    }

    /** Whether {@code path} (no leading slash) is one a panel of {@code service} uses. */
    static boolean allowed(String service, String path) {
        List<String> patterns = ALLOWED.get(service);
        if (patterns == null || path.isEmpty()) {
            return false;
        }
        String[] segments = path.split("/", -1);
        for (String s : segments) {
            if (s.isEmpty()
                    || s.equals(".")
                    || s.equals("..")
                    || !SEGMENT.matcher(s).matches()) {
                return false;
            }
        }
        for (String p : patterns) {
            if (p.endsWith("...")) {
                String base = p.substring(0, p.length() - 3);
                if (path.equals(base) || path.startsWith(base + "/")) {
                    return true;
                }
            } else if (p.endsWith("/*")) {
                String base = p.substring(0, p.length() - 2);
                if (path.startsWith(base + "/") && path.indexOf('/', base.length() + 1) < 0) {
                    return true;
                }
            } else if (path.equals(p)) {
                return true;
            }
        }
        return false;
    }

    void forward(Context ctx, String service, String path, boolean write) {
        String base = urls.get(service);
        if (base == null) {
            throw new ApiException(404, "Unknown service", Map.of("service", service));
        }
        if (!allowed(service, path)) {
            throw new ApiException(
                    404, "Path not available through the console", Map.of("service", service, "path", path));
        }
        String query = ctx.queryString();
        URI uri = URI.create(ServiceProbe.stripSlash(base) + "/" + path + (query == null ? "" : "?" + query));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (write) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ctx.bodyAsBytes()));
            String token = tokens.get(service);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
        } else {
            request.GET();
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ApiException(503, service + " unreachable", Map.of("service", service));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, service + " unreachable", Map.of("service", service));
        }
        HttpServer.keepBody(ctx);
        ctx.status(response.statusCode());
        ctx.contentType(response.headers().firstValue("Content-Type").orElse("application/json"));
        ctx.result(response.body());
    }
}
