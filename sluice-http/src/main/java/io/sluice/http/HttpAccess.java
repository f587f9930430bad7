package io.sluice.http;

import io.sluice.core.config.Settings;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Who may use a server's routes (docs/operations.md#security).
 *
 * <ul>
 *   <li><b>Token.</b> With {@code http.api_token} (env {@code SLUICE_API_TOKEN}) set, every {@link RouteAccess#CONTROL}
 *       route requires {@code Authorization: Bearer <token>}, else 401 {@code {"error": "Missing or invalid API
 *       token", "header": "Authorization"}}; the comparison takes the same time however much of the token matches.
 *       Reads stay open. Unset: control routes need no token (the server then binds to loopback in {@code up}).
 *   <li><b>Host.</b> A request whose {@code Host} is not an allowed name gets 403 {@code {"error": "Host not allowed",
 *       "host": ...}} (DNS rebinding): {@code localhost}, {@code 127.0.0.1}, {@code [::1]}, the bind address, and
 *       {@code http.allowed_hosts} (comma-separated names, {@code .example.com} for a domain and its subdomains,
 *       {@code *} for any). A server bound to every interface ({@code 0.0.0.0}, {@code ::}) with no
 *       {@code http.allowed_hosts} accepts any Host: it is reached by names the process cannot know (a container
 *       behind a Service name, a load balancer). The probes ({@code /health}, {@code /ready}, {@code /live},
 *       {@code /metrics}) are not checked.
 *   <li><b>Cross-site requests.</b> A control route refuses a request with an {@code Origin} that is neither the
 *       server's own ({@code http(s)://<Host>}) nor in {@code http.allowed_origins} (403 {@code {"error":
 *       "Cross-origin request refused", "origin": ...}}), and a body or Content-Type that is not JSON (415, as
 *       {@link JsonBody}), which is what an HTML form can send.
 * </ul>
 *
 * @param apiToken the token, or null for none; never printed by {@link #toString()}
 * @param allowedHosts {@code http.allowed_hosts}, lower case; empty when not configured
 * @param allowedOrigins {@code http.allowed_origins} ({@code https://console.example.com}), lower case
 */
public record HttpAccess(String apiToken, List<String> allowedHosts, List<String> allowedOrigins) {
    /** The environment variable that sets {@code http.api_token} for every service. */
    public static final String TOKEN_ENV = "SLUICE_API_TOKEN";

    /** No token, the default host names only. */
    public static final HttpAccess DEFAULT = new HttpAccess(null, List.of(), List.of());

    public HttpAccess {
        apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken.strip();
        allowedHosts = lower(allowedHosts);
        allowedOrigins = lower(allowedOrigins);
    }

    /** {@code http.api_token}, {@code http.allowed_hosts}, {@code http.allowed_origins}. */
    public static HttpAccess from(Settings s) {
        return new HttpAccess(
                s.optional("http.api_token").orElse(null),
                csv(s.string("http.allowed_hosts", "")),
                csv(s.string("http.allowed_origins", "")));
    }

    public boolean hasToken() {
        return apiToken != null;
    }

    @Override
    public String toString() {
        return "HttpAccess[apiToken=" + (hasToken() ? "<set>" : "<none>") + ", allowedHosts=" + allowedHosts
                + ", allowedOrigins=" + allowedOrigins + "]";
    }

    private static List<String> csv(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }
}
