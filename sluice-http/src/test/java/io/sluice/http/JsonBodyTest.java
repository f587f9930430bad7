package io.sluice.http;

import static io.sluice.testkit.TestHttp.json;
import static io.sluice.testkit.TestHttp.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthStatus;
import io.sluice.testkit.TestHttp;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {
    private static final long MAX = 100;
    private static HttpServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        JsonBody body = new JsonBody(MAX);
        server = HttpServer.start(
                "json-body-test",
                new HttpServerConfig("127.0.0.1", 0, HttpServerConfig.DEFAULT_MAX_REQUEST_BYTES),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> new Health(HealthStatus.UP, Map.of()),
                routes -> {
                    routes.post("/greet", ctx -> {
                        ObjectNode b =
                                body.readObject(ctx).orElseThrow(() -> ApiException.badField("name", "Name required"));
                        String name = JsonBody.requiredText(b, "name", "Name required");
                        String title = JsonBody.optionalText(b, "title").orElse("");
                        boolean tagged = JsonBody.optionalObject(b, "tags").isPresent();
                        ctx.json(Map.of("hello", name, "title", title, "tagged", tagged));
                    });
                    routes.post(
                            "/optional",
                            ctx -> ctx.json(Map.of("empty", body.read(ctx).isMissingNode())));
                    routes.post(
                            "/field",
                            ctx -> ctx.json(Map.of(
                                    "id",
                                    JsonBody.requiredText(body.readObject(ctx).orElseThrow(), "id"))));
                });
        http = new TestHttp("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "application/json",
                "Application/JSON; charset=utf-8",
                "application/json;charset=UTF-8",
                " application/json ; charset=utf-8"
            })
    void application_json_in_any_case_with_parameters_is_accepted(String type) {
        HttpResponse<String> r = http.post("/greet", type, "{\"name\":\"Ada\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("hello").asText()).isEqualTo("Ada");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "text/plain",
                "application/x-www-form-urlencoded",
                "application/jsonx",
                "+json",
                "json",
                "application/vnd.sluice+json",
                "application/problem+json; charset=utf-8",
                "text/json"
            })
    void another_media_type_is_415_naming_it(String type) {
        HttpResponse<String> r = http.post("/greet", type, "{\"name\":\"Ada\"}");

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(json(r))
                .isEqualTo(tree(Map.of("error", "Content-Type must be application/json", "content_type", type)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"name\":\"Ada\"} x", "{\"name\":\"Ada\"}{\"name\":\"Bob\"}", "{\"name\":\"Ada\"} 1"})
    void trailing_data_after_the_json_value_is_400(String body) {
        HttpResponse<String> r = http.postJson("/greet", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).startsWith("Malformed JSON: ");
    }

    @Test
    void trailing_whitespace_is_not_trailing_data() {
        assertThat(http.postJson("/greet", "{\"name\":\"Ada\"} \n\t ").statusCode())
                .isEqualTo(200);
    }

    @Test
    void a_nul_in_a_string_or_a_name_is_400_naming_the_field() {
        HttpResponse<String> value = http.postJson("/greet", "{\"name\":\"Ada\",\"tags\":{\"t\":\"a\\u0000b\"}}");
        HttpResponse<String> name = http.postJson("/greet", "{\"name\":\"Ada\",\"a\\u0000\":1}");

        assertThat(value.statusCode()).isEqualTo(400);
        assertThat(json(value))
                .isEqualTo(tree(Map.of("error", "tags.t must not contain NUL characters", "field", "tags.t")));
        assertThat(name.statusCode()).isEqualTo(400);
        assertThat(json(name))
                .isEqualTo(
                        tree(Map.of("error", "(field name) must not contain NUL characters", "field", "(field name)")));
    }

    @Test
    void a_body_without_a_content_type_is_415() {
        HttpResponse<String> r = http.post("/greet", null, "{\"name\":\"Ada\"}");

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(json(r))
                .isEqualTo(tree(Map.of("error", "Content-Type must be application/json", "content_type", "")));
    }

    @Test
    void a_request_without_a_body_needs_no_content_type_and_reads_as_no_body() {
        HttpResponse<String> r = http.post("/optional", null, null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).isEqualTo(tree(Map.of("empty", true)));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "   ", "\n"})
    void an_empty_or_blank_body_is_the_routes_required_error(String body) {
        HttpResponse<String> r = http.postJson("/greet", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(tree(Map.of("error", "Name required", "field", "name")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"name\": ", "{name: \"x\"}", "{\"name\":\"x\",}", "not json", "{\"a\":1]"})
    void malformed_json_is_400_with_the_parsers_message(String body) {
        HttpResponse<String> r = http.postJson("/greet", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText())
                .startsWith("Malformed JSON: ")
                .hasSizeGreaterThan(16);
        assertThat(json(r).size()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[1]", "[]", "\"name\"", "42", "true", "null"})
    void a_json_value_that_is_not_an_object_is_400(String body) {
        HttpResponse<String> r = http.postJson("/greet", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(tree(Map.of("error", "Request body must be a JSON object")));
    }

    @Test
    void a_missing_field_is_400_naming_it() {
        HttpResponse<String> r = http.postJson("/field", "{\"other\":1}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(tree(Map.of("error", "id is required", "field", "id")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"42", "true", "[\"Ada\"]", "{\"first\":\"Ada\"}"})
    void a_field_of_the_wrong_type_is_400_naming_it(String value) {
        HttpResponse<String> r = http.postJson("/greet", "{\"name\":" + value + "}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r)).isEqualTo(tree(Map.of("error", "name must be a string", "field", "name")));
    }

    @Test
    void an_optional_field_of_the_wrong_type_is_400_naming_it() {
        assertThat(json(http.postJson("/greet", "{\"name\":\"Ada\",\"title\":7}")))
                .isEqualTo(tree(Map.of("error", "title must be a non-empty string", "field", "title")));
        assertThat(json(http.postJson("/greet", "{\"name\":\"Ada\",\"tags\":[1]}")))
                .isEqualTo(tree(Map.of("error", "tags must be a JSON object", "field", "tags")));
    }

    @Test
    void a_body_over_the_limit_is_413_with_the_limit() {
        String body = "{\"name\":\"" + "a".repeat((int) MAX) + "\"}";

        HttpResponse<String> r = http.postJson("/greet", body);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r)).isEqualTo(tree(Map.of("error", "Request body is larger than 100 bytes", "max_bytes", 100)));
    }

    @Test
    void a_chunked_body_over_the_limit_without_a_content_length_is_413() {
        byte[] body = ("{\"name\":\"" + "a".repeat(10_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(http.uri("/greet"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> r = http.send(request);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r)).isEqualTo(tree(Map.of("error", "Request body is larger than 100 bytes", "max_bytes", 100)));
    }

    @Test
    void a_body_over_the_servers_own_limit_is_413_with_the_readers_limit() {
        byte[] body = ("{\"name\":\"" + "a".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(http.uri("/greet"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> r = http.send(request);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("error").asText()).isEqualTo("Request body is larger than 100 bytes");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"name\":\"A\\ud800\"}",
                "{\"name\":\"\\udc00A\"}",
                "{\"name\":\"\\ude00\\ud83d\"}",
                "{\"name\":\"\\ud83d\"}"
            })
    void a_lone_surrogate_in_a_string_is_400_naming_the_field(String body) {
        HttpResponse<String> r = http.postJson("/greet", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r))
                .isEqualTo(tree(
                        Map.of("error", "name must not contain a lone surrogate (invalid Unicode)", "field", "name")));
    }

    @Test
    void a_lone_surrogate_deep_in_the_body_is_400_naming_its_path() {
        HttpResponse<String> r = http.postJson("/greet", "{\"name\":\"Ada\",\"tags\":{\"x\":[\"ok\",\"\\udfff\"]}}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r))
                .isEqualTo(tree(Map.of(
                        "error",
                        "tags.x[1] must not contain a lone surrogate (invalid Unicode)",
                        "field",
                        "tags.x[1]")));
    }

    @Test
    void a_surrogate_as_raw_bytes_is_400_naming_the_field() {
        byte[] head = "{\"name\":\"A".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 3 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xED; // U+D800 encoded as if it were a character: not UTF-8
        body[head.length + 1] = (byte) 0xA0;
        body[head.length + 2] = (byte) 0x80;
        System.arraycopy(tail, 0, body, head.length + 3, tail.length);
        HttpRequest request = HttpRequest.newBuilder(http.uri("/greet"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        HttpResponse<String> r = http.send(request);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r))
                .isEqualTo(tree(Map.of(
                        "error",
                        "name must be valid UTF-8 (Invalid UTF-8: Illegal surrogate character 0xd800)",
                        "field",
                        "name")));
    }

    @Test
    void bytes_that_are_not_utf_8_are_400_naming_the_field() {
        byte[] body = "{\"name\":\"Ada\",\"tags\":{\"t\":\"x?\"}}".getBytes(StandardCharsets.UTF_8);
        body[body.length - 4] = (byte) 0xFF;
        HttpRequest request = HttpRequest.newBuilder(http.uri("/greet"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        HttpResponse<String> r = http.send(request);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("field").asText()).isEqualTo("tags.t");
        assertThat(json(r).path("error").asText()).startsWith("tags.t must be valid UTF-8 (Invalid UTF-8 ");
    }

    @Test
    void a_surrogate_pair_is_one_character_and_is_accepted() {
        HttpResponse<String> r = http.postJson("/greet", "{\"name\":\"\\ud83d\\ude00\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("hello").asText()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void a_body_at_the_limit_is_read() {
        String body = "{\"name\":\"" + "a".repeat((int) MAX - 11) + "\"}";
        assertThat(body).hasSize((int) MAX);

        assertThat(http.postJson("/greet", body).statusCode()).isEqualTo(200);
    }

    @Test
    void a_content_type_check_is_a_pure_function() {
        assertThat(JsonBody.isJson(null)).isFalse();
        assertThat(JsonBody.isJson("application/+json")).isFalse();
        assertThat(JsonBody.isJson(" application/json ; charset=utf-8")).isTrue();
        assertThat(JsonBody.isJson("application/vnd.sluice+json")).isFalse();
    }
}
