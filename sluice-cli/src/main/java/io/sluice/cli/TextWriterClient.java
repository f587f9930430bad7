package io.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Blocking client of the Text Writer HTTP API. Thread safe: one instance may serve many threads. Every method
 * returns the parsed JSON body or throws a {@link CliException} whose message names the request and the server's
 * {@code error} text; {@link ServiceUnreachableException} when no connection could be made.
 */
final class TextWriterClient implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final String baseUrl;
    private final HttpClient http;

    TextWriterClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** The health body, whatever the status code (a 503 still describes the service), if it has a {@code status}. */
    JsonNode health() {
        Response response = send("GET", "/health", null);
        if (response.json() != null && response.json().path("status").isTextual()) {
            return response.json();
        }
        throw failure("GET", "/health", response);
    }

    JsonNode messages(int limit, int offset) {
        return expectSuccess("GET", "/messages?limit=" + limit + "&offset=" + offset, null);
    }

    JsonNode message(String id) {
        return expectSuccess("GET", "/messages/" + encodePathSegment(id), null);
    }

    /** Creates a message; the body's {@code status} is {@code created} or {@code exists}. */
    JsonNode create(String text, String id) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("message", text);
        if (id != null) {
            body.put("id", id);
        }
        return expectSuccess("POST", "/messages", body);
    }

    JsonNode stats() {
        return expectSuccess("GET", "/stats", null);
    }

    @Override
    public void close() {
        http.close();
    }

    private JsonNode expectSuccess(String method, String path, JsonNode body) {
        Response response = send(method, path, body);
        if (response.status() / 100 != 2 || response.json() == null) {
            throw failure(method, path, response);
        }
        return response.json();
    }

    private Response send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), parse(response.body()));
        } catch (HttpConnectTimeoutException e) {
            throw new ServiceUnreachableException(baseUrl, "connection timed out", e);
        } catch (HttpTimeoutException e) {
            throw new CliException(
                    "no answer to " + method + " " + path + " from " + baseUrl + " within "
                            + REQUEST_TIMEOUT.toSeconds() + "s",
                    e);
        } catch (ConnectException e) {
            throw new ServiceUnreachableException(baseUrl, connectFailure(e), e);
        } catch (IOException e) {
            throw new CliException(
                    method + " " + path + " to " + baseUrl + " failed: "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            throw CliCommand.interrupted(e);
        }
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

    private static CliException failure(String method, String path, Response response) {
        String detail = describe(response);
        String request = method + " " + path + (detail.isEmpty() ? "" : ": " + detail);
        if (response.status() / 100 == 2) {
            return new CliException(
                    "unexpected answer (HTTP " + response.status() + ", not the expected JSON) to " + request);
        }
        return new CliException("HTTP " + response.status() + " from " + request);
    }

    /** The server's {@code error} field, else the first line of a short non-HTML body, else nothing. */
    private static String describe(Response response) {
        if (response.json() != null && response.json().path("error").isTextual()) {
            return response.json().path("error").textValue();
        }
        String text = response.text() == null ? "" : response.text().strip();
        if (text.isEmpty() || text.startsWith("<")) {
            return "";
        }
        String firstLine = text.lines().findFirst().orElse("");
        return firstLine.length() > 200 ? firstLine.substring(0, 200) + "..." : firstLine;
    }

    private static String connectFailure(ConnectException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().toLowerCase().contains("refused")) {
                return t.getMessage();
            }
        }
        return "connection refused";
    }

    static String encodePathSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record Response(int status, String text, JsonNode json) {}
}
