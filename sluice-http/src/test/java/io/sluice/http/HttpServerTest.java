package io.sluice.http;

import static io.sluice.testkit.TestHttp.json;
import static io.sluice.testkit.TestHttp.tree;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthStatus;
import io.sluice.testkit.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HttpServerTest {
    /** What a store's classifier calls an outage, in these tests. */
    static final class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean transientFailure;

        StoreException(String message, boolean transientFailure) {
            super(message, new SQLTransientConnectionException("connection refused"));
            this.transientFailure = transientFailure;
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<HttpServer> servers = new java.util.ArrayList<>();

    private TestHttp start(String service, Consumer<RoutesConfig> routes) {
        HttpServer server = HttpServer.start(
                service,
                new HttpServerConfig("127.0.0.1", 0, HttpServerConfig.DEFAULT_MAX_REQUEST_BYTES),
                registry,
                () -> new Health(HealthStatus.UP, Map.of("service", service)),
                routes);
        servers.add(server);
        return new TestHttp("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        servers.forEach(HttpServer::close);
    }

    @Test
    void a_store_unavailable_exception_is_503_with_a_json_error_logged_once_without_a_stack_trace() {
        TestHttp http = start(
                "svc",
                routes -> routes.get("/things", ctx -> {
                    throw new StoreUnavailableException(
                            "Database", new SQLTransientConnectionException("connection refused"));
                }));
        ListAppender<ILoggingEvent> log = capture(StoreOutage.class);

        HttpResponse<String> r = http.get("/things");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r)).isEqualTo(tree(Map.of("error", "Database unavailable, try again later")));
        assertThat(log.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).isEqualTo("GET /things: database unavailable: connection refused");
            assertThat(e.getThrowableProxy()).isNull();
        });
    }

    @Test
    void a_registered_store_exception_is_503_when_classified_as_an_outage_and_500_otherwise() {
        TestHttp http = start("svc", routes -> {
            routes.get("/down", ctx -> {
                throw new StoreException("reading things failed", true);
            });
            routes.get("/bug", ctx -> {
                throw new StoreException("syntax error", false);
            });
            StoreOutage.register(routes, StoreException.class, e -> e.transientFailure, "Index");
        });

        HttpResponse<String> down = http.get("/down");
        HttpResponse<String> bug = http.get("/bug");

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(json(down)).isEqualTo(tree(Map.of("error", "Index unavailable, try again later")));
        assertThat(bug.statusCode()).isEqualTo(500);
        assertThat(json(bug)).isEqualTo(tree(Map.of("error", "Internal server error")));
    }

    @Test
    void an_unexpected_exception_is_500_with_a_json_error() {
        TestHttp http = start(
                "svc",
                routes -> routes.get("/boom", ctx -> {
                    throw new UncheckedIOException(new IOException("disk on fire"));
                }));

        HttpResponse<String> r = http.get("/boom");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r)).isEqualTo(tree(Map.of("error", "Internal server error")));
    }

    @Test
    void request_metrics_carry_the_service_so_two_services_on_one_registry_keep_their_own_series() {
        TestHttp a = start("service-a", routes -> routes.get("/x", ctx -> ctx.result("a")));
        TestHttp b = start("service-b", routes -> routes.get("/x", ctx -> ctx.result("b")));

        a.get("/x");
        a.get("/x");
        b.get("/x");
        String scrape = a.get("/metrics").body();

        assertThat(scrape)
                .contains("sluice_http_server_requests_seconds_count{method=\"GET\",route=\"/x\",service=\"service-a\","
                        + "status=\"200\"} 2")
                .contains("sluice_http_server_requests_seconds_count{method=\"GET\",route=\"/x\",service=\"service-b\","
                        + "status=\"200\"} 1");
    }

    @Test
    void the_client_ip_is_resolved_from_a_trusted_proxys_forwarded_for() {
        TrustedProxies proxies = new TrustedProxies("http.trusted_proxies", List.of("127.0.0.1"));
        TestHttp http = start(
                "svc",
                routes -> routes.get("/ip", ctx -> {
                    TrustedProxies.ClientAddress client = proxies.resolve(ctx);
                    ctx.json(Map.of("user_ip", client.userIp(), "proxy_chain", client.proxyChain()));
                }));

        HttpResponse<String> direct = http.get("/ip");
        HttpResponse<String> proxied = http.get("/ip", "X-Forwarded-For", "6.6.6.6, 198.51.100.7");

        assertThat(json(direct)).isEqualTo(tree(Map.of("user_ip", "127.0.0.1", "proxy_chain", List.of())));
        assertThat(json(proxied))
                .isEqualTo(tree(Map.of("user_ip", "198.51.100.7", "proxy_chain", List.of("6.6.6.6", "198.51.100.7"))));
    }

    @Test
    void unknown_http_methods_share_one_method_tag_so_a_client_cannot_grow_the_registry() {
        TestHttp http = start("svc", routes -> routes.get("/x", ctx -> ctx.result("x")));

        for (String method : List.of("BREW", "PROPFIND", "X-RANDOM-1", "X-RANDOM-2", "get")) {
            http.send(HttpRequest.newBuilder(http.uri("/x"))
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .build());
        }
        http.get("/x");
        String scrape = http.get("/metrics").body();

        assertThat(scrape)
                .contains("method=\"GET\",route=\"/x\"")
                .doesNotContain("BREW", "PROPFIND", "X-RANDOM", "method=\"get\"");
        double others = registry.find(HttpServer.REQUESTS_METRIC).tag("method", "OTHER").timers().stream()
                .mapToLong(t -> t.count())
                .sum();
        assertThat(others).isEqualTo(5);
        assertThat(registry.find(HttpServer.REQUESTS_METRIC).timers())
                .extracting(t -> t.getId().getTag("method"))
                .allMatch(m -> List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "OTHER")
                        .contains(m));
    }

    @Test
    void the_method_tag_keeps_the_known_methods_and_groups_the_rest() {
        for (String m : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")) {
            assertThat(HttpServer.methodTag(m)).isEqualTo(m);
        }
        assertThat(HttpServer.methodTag("TRACE")).isEqualTo("OTHER");
        assertThat(HttpServer.methodTag("CONNECT")).isEqualTo("OTHER");
        assertThat(HttpServer.methodTag("get")).isEqualTo("OTHER");
        assertThat(HttpServer.methodTag("BREW")).isEqualTo("OTHER");
    }

    @Test
    void unknown_routes_and_methods_are_json_404_and_405() {
        TestHttp http = start("svc", routes -> routes.get("/x", ctx -> ctx.result("x")));

        HttpResponse<String> missing = http.get("/nope");
        HttpResponse<String> wrongMethod = http.postJson("/x", "{}");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing)).isEqualTo(tree(Map.of("error", "Not found", "path", "/nope")));
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod)).isEqualTo(tree(Map.of("error", "Method not allowed", "path", "/x")));
    }

    private static ListAppender<ILoggingEvent> capture(Class<?> type) {
        Logger logger = (Logger) LoggerFactory.getLogger(type);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }
}
