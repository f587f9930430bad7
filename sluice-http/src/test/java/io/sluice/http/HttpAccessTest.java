package io.sluice.http;

import static io.sluice.testkit.TestHttp.json;
import static io.sluice.testkit.TestHttp.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.config.Settings;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthStatus;
import io.sluice.testkit.TestHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpAccessTest {
    private static final String TOKEN = "s3cret-token";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<HttpServer> servers = new ArrayList<>();

    /** A server with one read, one declared control route, one undeclared POST and one POST declared a read. */
    private TestHttp start(String bind, HttpAccess access) {
        Consumer<RoutesConfig> routes = r -> {
            r.get("/things", ctx -> ctx.json(Map.of("things", List.of())));
            r.post("/things", ctx -> ctx.status(201).json(Map.of("created", true)), RouteAccess.CONTROL);
            r.post("/stop", ctx -> ctx.json(Map.of("stopped", true)));
            r.post("/search", ctx -> ctx.json(Map.of("hits", List.of())), RouteAccess.READ);
        };
        HttpServer server = HttpServer.start(
                "svc",
                new HttpServerConfig(
                        bind,
                        0,
                        HttpServerConfig.DEFAULT_MAX_REQUEST_BYTES,
                        HttpServerConfig.DEFAULT_MAX_PAGE_BYTES,
                        access),
                registry,
                () -> new Health(HealthStatus.UP, Map.of()),
                routes);
        servers.add(server);
        return new TestHttp("http://127.0.0.1:" + server.port());
    }

    private TestHttp withToken() {
        return start("127.0.0.1", new HttpAccess(TOKEN, List.of(), List.of()));
    }

    @AfterEach
    void stop() {
        servers.forEach(HttpServer::close);
    }

    private static HttpResponse<String> post(TestHttp http, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return http.send(b.build());
    }

    // --- the token ---

    @Test
    void with_a_token_a_control_route_without_it_is_401_json_naming_the_header() {
        TestHttp http = withToken();

        HttpResponse<String> r = http.postJson("/things", "{}");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r)).isEqualTo(tree(Map.of("error", "Missing or invalid API token", "header", "Authorization")));
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bearer wrong",
                "Bearer s3cret-toke",
                "Bearer s3cret-token-and-more",
                "Basic czNjcmV0",
                "s3cret-token"
            })
    void with_a_token_a_wrong_or_malformed_authorization_is_401(String authorization) {
        TestHttp http = withToken();

        assertThat(post(http, "/things", "{}", "Authorization", authorization).statusCode())
                .isEqualTo(401);
        assertThat(post(http, "/stop", "{}", "Authorization", authorization).statusCode())
                .isEqualTo(401);
    }

    @Test
    void with_the_token_control_routes_answer() {
        TestHttp http = withToken();

        assertThat(post(http, "/things", "{}", "Authorization", "Bearer " + TOKEN)
                        .statusCode())
                .isEqualTo(201);
        assertThat(post(http, "/stop", "{}", "Authorization", "bearer " + TOKEN).statusCode())
                .isEqualTo(200);
    }

    @Test
    void with_a_token_reads_stay_open_a_post_declared_a_read_included() {
        TestHttp http = withToken();

        assertThat(http.get("/things").statusCode()).isEqualTo(200);
        assertThat(http.postJson("/search", "{}").statusCode()).isEqualTo(200);
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void a_post_that_declares_nothing_is_a_control_route() {
        TestHttp http = withToken();

        assertThat(http.post("/stop", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void without_a_token_control_routes_need_none() {
        TestHttp http = start("127.0.0.1", HttpAccess.DEFAULT);

        assertThat(http.postJson("/things", "{}").statusCode()).isEqualTo(201);
        assertThat(http.post("/stop", null, null).statusCode()).isEqualTo(200);
    }

    // --- cross-site requests ---

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"})
    void a_control_route_refuses_what_an_html_form_can_send_with_415(String type) {
        TestHttp http = start("127.0.0.1", HttpAccess.DEFAULT);

        HttpResponse<String> r = http.post("/stop", type, "a=b");

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(json(r))
                .isEqualTo(tree(Map.of("error", "Content-Type must be application/json", "content_type", type)));
    }

    @Test
    void a_control_route_refuses_a_foreign_origin_with_403_naming_it() {
        TestHttp http = start("127.0.0.1", HttpAccess.DEFAULT);

        HttpResponse<String> r = post(http, "/things", "{}", "Origin", "https://evil.example");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r))
                .isEqualTo(tree(Map.of("error", "Cross-origin request refused", "origin", "https://evil.example")));
        assertThat(post(http, "/things", "{}", "Origin", "null").statusCode()).isEqualTo(403);
    }

    @Test
    void a_control_route_accepts_its_own_origin_and_the_allowed_ones() {
        TestHttp http = start("127.0.0.1", new HttpAccess(null, List.of(), List.of("https://console.example")));
        String self = http.baseUrl();

        assertThat(post(http, "/things", "{}", "Origin", self).statusCode()).isEqualTo(201);
        assertThat(post(http, "/things", "{}", "Origin", "https://console.example")
                        .statusCode())
                .isEqualTo(201);
    }

    // --- Host (DNS rebinding) ---

    @Test
    void on_loopback_a_foreign_host_is_403_on_every_route_but_the_probes() {
        TestHttp http = start("127.0.0.1", HttpAccess.DEFAULT);
        int port = port(http);

        RawResponse read = raw(port, "GET /things HTTP/1.1\r\nHost: rebind.evil.example:" + port + "\r\n\r\n");
        assertThat(read.status()).isEqualTo(403);
        assertThat(read.body())
                .isEqualTo("{\"error\":\"Host not allowed\",\"host\":\"rebind.evil.example:" + port + "\"}");
        assertThat(raw(port, "GET /health HTTP/1.1\r\nHost: rebind.evil.example\r\n\r\n")
                        .status())
                .isEqualTo(200);
        for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST")) {
            assertThat(raw(port, "GET /things HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                            .status())
                    .as(host)
                    .isEqualTo(200);
        }
    }

    @Test
    void allowed_hosts_add_names_and_domains() {
        TestHttp http = start("127.0.0.1", new HttpAccess(null, List.of("sluice.internal", ".example.org"), List.of()));
        int port = port(http);

        assertThat(raw(port, "GET /things HTTP/1.1\r\nHost: sluice.internal:" + port + "\r\n\r\n")
                        .status())
                .isEqualTo(200);
        assertThat(raw(port, "GET /things HTTP/1.1\r\nHost: api.example.org\r\n\r\n")
                        .status())
                .isEqualTo(200);
        assertThat(raw(port, "GET /things HTTP/1.1\r\nHost: example.org.evil\r\n\r\n")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void bound_to_every_interface_any_host_is_accepted_unless_allowed_hosts_are_given() {
        TestHttp open = start("0.0.0.0", HttpAccess.DEFAULT);
        assertThat(raw(port(open), "GET /things HTTP/1.1\r\nHost: text-writer.sluice.svc\r\n\r\n")
                        .status())
                .isEqualTo(200);

        TestHttp listed = start("0.0.0.0", new HttpAccess(null, List.of("text-writer"), List.of()));
        assertThat(raw(port(listed), "GET /things HTTP/1.1\r\nHost: text-writer:5001\r\n\r\n")
                        .status())
                .isEqualTo(200);
        assertThat(raw(port(listed), "GET /things HTTP/1.1\r\nHost: rebind.evil.example\r\n\r\n")
                        .status())
                .isEqualTo(403);
    }

    // --- configuration ---

    @Test
    void the_token_never_shows_in_the_configuration_printout() {
        HttpAccess access = HttpAccess.from(Settings.of(Map.of("http.api_token", TOKEN)));

        assertThat(access.hasToken()).isTrue();
        assertThat(access.toString()).doesNotContain(TOKEN);
        assertThat(new HttpServerConfig("127.0.0.1", 1, 1, 1, access).toString())
                .doesNotContain(TOKEN);
    }

    @Test
    void the_bind_address_is_the_set_key_then_the_default_layer_then_every_interface() {
        assertThat(HttpServerConfig.bindAddress(Settings.of(Map.of()))).isEqualTo("0.0.0.0");
        Settings up = Settings.of(Map.of()).withDefaults(Map.of("http.bind_address", "127.0.0.1"));
        assertThat(HttpServerConfig.bindAddress(up)).isEqualTo("127.0.0.1");
        assertThat(HttpServerConfig.bindAddress(up.with(Map.of("http.host", "0.0.0.0"))))
                .isEqualTo("0.0.0.0");
        assertThat(HttpServerConfig.bindAddress(up.with(Map.of("http.bind_address", "10.0.0.5"))))
                .isEqualTo("10.0.0.5");
        assertThat(HttpServerConfig.bindAddress(up.with(Map.of("events.http.host", "0.0.0.0")), "events.http.host"))
                .isEqualTo("0.0.0.0");
    }

    private static int port(TestHttp http) {
        return http.uri("/").getPort();
    }

    record RawResponse(int status, String body) {}

    /** One request written as is (the JDK client will not send a chosen Host), the connection then closed. */
    private static RawResponse raw(int port, String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            return new RawResponse(status, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
