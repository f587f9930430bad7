package io.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Blocking client of the embeddings service's HTTP API. Every method returns the parsed JSON body or throws a
 * {@link CliException} naming the request and the server's {@code error}; {@link ServiceUnreachableException} when
 * no connection could be made. Thread-safe.
 */
final class EmbeddingsClient implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final HttpClient http;

    EmbeddingsClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    JsonNode status() {
        return send("GET", "/status", null);
    }

    JsonNode search(String query, int limit) {
        return send(
                "POST",
                "/embeddings/search",
                Json.MAPPER
                        .createObjectNode()
                        .put("query", query)
                        .put("limit", limit)
                        .toString());
    }

    JsonNode reindex(boolean reembed) {
        return send(
                "POST",
                "/reindex",
                Json.MAPPER.createObjectNode().put("reembed", reembed).toString());
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new ServiceUnreachableException(baseUrl, "connection timed out", e);
        } catch (HttpTimeoutException e) {
            throw new CliException(
                    "no answer to " + method + " " + path + " from " + baseUrl + " within "
                            + REQUEST_TIMEOUT.toSeconds() + "s",
                    e);
        } catch (ConnectException e) {
            throw new ServiceUnreachableException(baseUrl, "connection refused", e);
        } catch (IOException e) {
            throw new CliException(method + " " + path + " to " + baseUrl + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            throw CliCommand.interrupted(e);
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 != 2 || json == null) {
            String detail = json != null && json.path("error").isTextual()
                    ? ": " + json.path("error").asText()
                    : "";
            throw new CliException("HTTP " + response.statusCode() + " from " + method + " " + path + detail);
        }
        return json;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
