package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11, item 5: the CLI sends {@code SLUICE_API_TOKEN} as a bearer token, and nothing when it is unset. */
class JsonHttpClientTokenTest {

    @Test
    void the_token_goes_in_the_authorization_header_only_when_set() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try (JsonHttpClient with = new JsonHttpClient(url, Duration.ofSeconds(5), " s3cret ");
                JsonHttpClient without = new JsonHttpClient(url, Duration.ofSeconds(5), "")) {
            with.expectSuccess("POST", "/reindex", null);
            without.expectSuccess("POST", "/reindex", null);
        } finally {
            server.stop(0);
        }

        assertThat(seen).containsExactly("Bearer s3cret", "null");
    }
}
