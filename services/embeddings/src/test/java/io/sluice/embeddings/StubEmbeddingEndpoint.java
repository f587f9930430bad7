package io.sluice.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.core.json.Json;
import io.sluice.embeddings.model.MockEmbedder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible {@code /v1/embeddings} endpoint on loopback that answers with mock vectors: it can fail the
 * next calls with 503, and refuses (400) any input containing {@link #REFUSED}.
 */
final class StubEmbeddingEndpoint implements AutoCloseable {
    static final String REFUSED = "[refuse-me]";

    final AtomicInteger failNext = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    private final MockEmbedder mock = new MockEmbedder(384);
    private final HttpServer server;

    StubEmbeddingEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/embeddings", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            calls.incrementAndGet();
            JsonNode request = Json.mapper().readTree(exchange.getRequestBody());
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                reply(exchange, 503, "{\"error\":{\"message\":\"model is loading\"}}");
                return;
            }
            ObjectNode body = Json.mapper().createObjectNode();
            ArrayNode data = body.putArray("data");
            int i = 0;
            for (JsonNode input : request.path("input")) {
                if (input.asText().contains(REFUSED)) {
                    reply(exchange, 400, "{\"error\":{\"message\":\"input rejected by policy\"}}");
                    return;
                }
                ObjectNode item = data.addObject().put("object", "embedding").put("index", i++);
                ArrayNode v = item.putArray("embedding");
                for (float x : mock.embed(List.of(input.asText())).get(0).vector()) {
                    v.add(x * 3); // not unit length: the client normalises
                }
            }
            reply(exchange, 200, body.toString());
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
