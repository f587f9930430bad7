package io.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
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
 * The JSON-over-HTTP transport of the CLI's service clients ({@link TextWriterClient}, {@link EmbeddingsClient}):
 * one HTTP/1.1 client, requests with a timeout, and failures turned into {@link CliException}s that name the
 * request and the server's {@code error} ({@link ServiceUnreachableException} when no connection could be made).
 * With {@code SLUICE_API_TOKEN} in the environment, every request carries it as a bearer token.
 * Thread-safe.
 */
final class JsonHttpClient implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String baseUrl;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final String apiToken;

    JsonHttpClient(String baseUrl, Duration requestTimeout) {
        this(baseUrl, requestTimeout, System.getenv("SLUICE_API_TOKEN"));
    }

    /** @param apiToken sent as {@code Authorization: Bearer} (the services' {@code SLUICE_API_TOKEN}); null for none */
    JsonHttpClient(String baseUrl, Duration requestTimeout, String apiToken) {
        this.apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken.strip();
        this.baseUrl = baseUrl;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** The 2xx JSON body, or a {@link CliException} naming the request and the server's {@code error}. */
    JsonNode expectSuccess(String method, String path, JsonNode body) {
        Response response = send(method, path, body);
        if (response.status() / 100 != 2 || response.json() == null) {
            throw failure(method, path, response);
        }
        return response.json();
    }

    /** The {@code /health} body, whatever the status code (a 503 still describes the service), if it has a status. */
    JsonNode health() {
        Response response = send("GET", "/health", null);
        if (response.json() != null && response.json().path("status").isTextual()) {
            return response.json();
        }
        throw failure("GET", "/health", response);
    }

    /** Any answer, with its JSON body parsed when it has one. */
    Response send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .header("Accept", "application/json");
        if (apiToken != null) {
            request.header("Authorization", "Bearer " + apiToken);
        }
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
                    "no answer to " + method + " " + path + " from " + baseUrl + " within " + requestTimeout.toSeconds()
                            + "s",
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

    static CliException failure(String method, String path, Response response) {
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

    @Override
    public void close() {
        http.close();
    }

    record Response(int status, String text, JsonNode json) {}
}
