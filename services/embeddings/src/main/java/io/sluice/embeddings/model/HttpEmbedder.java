package io.sluice.embeddings.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An OpenAI-compatible embeddings endpoint ({@code POST <url>/v1/embeddings} with {@code {"model", "input": [...]}},
 * answering {@code {"data": [{"index", "embedding": [...]}]}}), for bigger models served elsewhere.
 *
 * <p>Failure handling: a connection failure, a timeout, 408, 429 or any 5xx fails the whole batch ({@link
 * ModelUnavailableException}, retried later). Any other 4xx means the endpoint refused some input: the batch is split
 * in halves until the texts it refuses are alone, and each of those is rejected with the endpoint's error text.
 * Vectors are L2-normalised here; a vector of another size than {@code dimension} fails the batch (a configuration
 * error the operator must fix). Thread-safe.
 */
public final class HttpEmbedder implements Embedder {
    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final int dimension;
    private final int batchSize;
    private final Duration timeout;
    private final HttpClient http;
    private volatile boolean lastCallOk = true;

    public HttpEmbedder(String url, String model, String apiKey, int dimension, int batchSize, Duration timeout) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.endpoint = URI.create(base.endsWith("/embeddings") ? base : base + "/v1/embeddings");
        this.model = model;
        this.apiKey = apiKey;
        this.dimension = dimension;
        this.batchSize = batchSize;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public String provider() {
        return "http";
    }

    @Override
    public String modelId() {
        return "http/" + model + "/" + dimension;
    }

    @Override
    public String description() {
        return model + " at " + endpoint;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<Embedding> embed(List<String> texts) {
        List<Embedding> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            out.addAll(embedSplitting(texts.subList(from, Math.min(texts.size(), from + batchSize))));
        }
        return out;
    }

    private List<Embedding> embedSplitting(List<String> texts) {
        Answer a = call(texts);
        if (a.vectors != null) {
            return a.vectors;
        }
        if (texts.size() == 1) {
            return List.of(Embedding.rejected(a.refusal));
        }
        int half = texts.size() / 2;
        List<Embedding> out = new ArrayList<>(embedSplitting(texts.subList(0, half)));
        out.addAll(embedSplitting(texts.subList(half, texts.size())));
        return out;
    }

    private record Answer(List<Embedding> vectors, String refusal) {}

    private Answer call(List<String> texts) {
        ObjectNode body = Json.mapper().createObjectNode().put("model", model);
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            lastCallOk = false;
            throw new ModelUnavailableException("embeddings endpoint " + endpoint + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelUnavailableException("interrupted calling " + endpoint, e);
        }
        int status = response.statusCode();
        if (status == 408 || status == 429 || status >= 500) {
            lastCallOk = false;
            throw new ModelUnavailableException(
                    "embeddings endpoint " + endpoint + " answered HTTP " + status + ": " + error(response.body()));
        }
        lastCallOk = true;
        if (status / 100 != 2) {
            return new Answer(
                    null, "embeddings endpoint refused the text: HTTP " + status + " " + error(response.body()));
        }
        return new Answer(parse(response.body(), texts.size()), null);
    }

    private List<Embedding> parse(String text, int expected) {
        JsonNode data;
        try {
            data = Json.mapper().readTree(text).path("data");
        } catch (IOException e) {
            throw new ModelUnavailableException("embeddings endpoint " + endpoint + " answered invalid JSON", e);
        }
        if (!data.isArray() || data.size() != expected) {
            throw new ModelUnavailableException("embeddings endpoint " + endpoint + " answered " + data.size()
                    + " embeddings for " + expected + " inputs");
        }
        Embedding[] out = new Embedding[expected];
        for (int i = 0; i < expected; i++) {
            JsonNode item = data.get(i);
            int index = item.path("index").asInt(i);
            JsonNode values = item.path("embedding");
            if (index < 0 || index >= expected || !values.isArray()) {
                throw new ModelUnavailableException("embeddings endpoint " + endpoint + " answered a malformed item");
            }
            if (values.size() != dimension) {
                throw new ModelUnavailableException("embeddings endpoint " + endpoint + " returned " + values.size()
                        + " dimensions but embedding.dimension is " + dimension);
            }
            float[] v = new float[dimension];
            for (int d = 0; d < dimension; d++) {
                v[d] = (float) values.get(d).asDouble();
            }
            out[index] = Embedding.normalised(v, dimension);
        }
        for (Embedding e : out) {
            if (e == null) {
                throw new ModelUnavailableException("embeddings endpoint " + endpoint + " repeated an index");
            }
        }
        return List.of(out);
    }

    private static String error(String body) {
        try {
            JsonNode n = Json.mapper().readTree(body);
            JsonNode e = n.path("error");
            String m = e.isTextual() ? e.asText() : e.path("message").asText("");
            if (!m.isBlank()) {
                return m;
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to the raw text
        }
        String s = body == null ? "" : body.strip();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Override
    public boolean isReady() {
        return lastCallOk;
    }

    @Override
    public void close() {
        http.close();
    }
}
