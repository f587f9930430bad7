package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Requests a client library would not send, written on a raw socket: broken framing, an unknown protocol version,
 * oversized lines and a client that goes away. Every answer is JSON with a 4xx/5xx that says what was wrong, and
 * nothing the client did is logged as an ERROR.
 */
class HttpServerRawRequestTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static HttpServer server;
    private static ListAppender<ILoggingEvent> log;

    @BeforeAll
    static void start() {
        JsonBody body = new JsonBody(HttpServerConfig.DEFAULT_MAX_REQUEST_BYTES);
        server = HttpServer.start(
                "raw-test",
                new HttpServerConfig("127.0.0.1", 0, HttpServerConfig.DEFAULT_MAX_REQUEST_BYTES),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> new Health(HealthStatus.UP, Map.of()),
                routes -> {
                    routes.post("/echo", ctx -> ctx.json(body.read(ctx)));
                    routes.get("/things/{id}", ctx -> ctx.json(Map.of("id", ctx.pathParam("id"))));
                });
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log = new ListAppender<>();
        log.start();
        root.addAppender(log);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        server.close();
    }

    /** A status line, the headers and the body of one answer. */
    record Answer(int status, String headers, String body) {
        JsonNode json() {
            assertThat(headers.toLowerCase()).contains("content-type: application/json");
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    @Test
    void a_malformed_chunked_body_is_400_json_not_500() {
        Answer a = send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().path("error").asText()).startsWith("Bad request");
        assertNoErrorLogged();
    }

    @Test
    void an_unknown_http_version_is_a_json_error() {
        Answer a = send("GET /health HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(a.status()).isIn(400, 505);
        assertThat(a.json().has("error")).isTrue();
    }

    @Test
    void a_uri_too_long_is_414_json() {
        Answer a = send("GET /" + "a".repeat(64 * 1024) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(a.status()).isEqualTo(414);
        assertThat(a.json().path("error").asText()).isNotBlank();
    }

    @Test
    void headers_too_large_are_431_json() {
        Answer a = send("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(64 * 1024)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(a.status()).isEqualTo(431);
        assertThat(a.json().path("error").asText()).isNotBlank();
    }

    @Test
    void a_bad_uri_is_400_json() {
        Answer a = send("GET /%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().path("error").asText()).isNotBlank();
    }

    @Test
    void a_nul_in_a_path_parameter_or_the_query_is_400_json() {
        Answer path = send("GET /things/a%00b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Answer query = send("GET /things/a?since=%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Answer fine = send("GET /things/a%2500b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(path.status()).isEqualTo(400); // Jetty refuses it before routing, answered as JSON
        assertThat(path.json().path("error").asText()).isNotBlank();
        assertThat(query.status()).isEqualTo(400);
        assertThat(query.json().path("error").asText())
                .isEqualTo("The request URI must not contain NUL characters (%00)");
        assertThat(fine.status()).isEqualTo(200);
    }

    @Test
    void a_client_that_goes_away_mid_body_is_not_an_error_in_the_log() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100000\r\n\r\n{\"a\":\"")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200); // let the handler start reading: the disconnect must come mid-body
        }
        Answer after = send("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(after.status()).isEqualTo(200);
        assertNoErrorLogged();
    }

    private static void assertNoErrorLogged() {
        assertThat(log.list)
                .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .as("ERROR lines")
                .isEmpty();
    }

    private static Answer send(String request) {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.shutdownOutput();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] b = new byte[8192];
            try {
                for (int n; (n = in.read(b)) > 0; ) {
                    buf.write(b, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // keep what arrived
            }
            String raw = buf.toString(StandardCharsets.UTF_8);
            int split = raw.indexOf("\r\n\r\n");
            assertThat(split).as("a whole answer: " + raw).isPositive();
            String head = raw.substring(0, split);
            String body = raw.substring(split + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Answer(Integer.parseInt(head.substring(9, 12)), head, body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            int size = Integer.parseInt(body.substring(i, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
