package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Blocking client of the activity processor's HTTP API. Every method returns the parsed JSON body or throws a {@link
 * CliException} naming the request and the server's {@code error}; {@link ServiceUnreachableException} when no
 * connection could be made. Thread-safe.
 */
final class ActivityProcessorClient implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final JsonHttpClient http;

    ActivityProcessorClient(String baseUrl) {
        this.http = new JsonHttpClient(baseUrl, REQUEST_TIMEOUT);
    }

    JsonNode user(String userId) {
        return http.expectSuccess("GET", "/activity/users/" + encode(userId), null);
    }

    /** {@code from} and {@code to} as given (RFC 3339), or null for the service's default (the last hour). */
    JsonNode stats(String from, String to) {
        StringBuilder q = new StringBuilder();
        if (from != null) {
            q.append(q.isEmpty() ? "?" : "&").append("from=").append(encode(from));
        }
        if (to != null) {
            q.append(q.isEmpty() ? "?" : "&").append("to=").append(encode(to));
        }
        return http.expectSuccess("GET", "/activity/stats" + q, null);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        http.close();
    }
}
