package io.sluice.bench.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sluice.bench.HttpConnection;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fixed", exchange -> {
            byte[] body = "{\"fixed\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(201, 0); // length 0: chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("first chunk ".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("second chunk".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1); // no body
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void reads_fixed_length_chunked_and_empty_responses_on_one_keep_alive_connection() throws IOException {
        int port = server.getAddress().getPort();
        try (HttpConnection c = new HttpConnection("127.0.0.1", port)) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.exchange(HttpScenario.get("127.0.0.1", port, "/fixed")))
                        .isEqualTo(200);
                assertThat(c.exchange(HttpScenario.get("127.0.0.1", port, "/chunked")))
                        .isEqualTo(201);
                assertThat(c.exchange(HttpScenario.get("127.0.0.1", port, "/missing")))
                        .isEqualTo(404);
            }
            assertThat(c.exchange(HttpScenario.post("127.0.0.1", port, "/fixed", "{\"a\":1}")))
                    .isEqualTo(200);
        }
    }
}
