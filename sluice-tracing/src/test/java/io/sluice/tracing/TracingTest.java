package io.sluice.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.context.Context;
import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TracingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "http://collector:4318, http://collector:4318/v1/traces",
        "http://collector:4318/, http://collector:4318/v1/traces",
        "http://collector:4318/v1/traces, http://collector:4318/v1/traces"
    })
    void the_http_protobuf_url_is_the_endpoint_plus_v1_traces(String endpoint, String url) {
        assertThat(Tracing.tracesUrl(endpoint)).isEqualTo(url);
    }

    @Test
    void without_an_endpoint_tracing_is_a_no_op_that_neither_injects_nor_extracts() {
        TracingConfig config = TracingConfig.from(Settings.of(Map.of()), "some-service");

        try (Tracing tracing = Tracing.start(config, "io.sluice.test")) {
            assertThat(tracing.enabled()).isFalse();
            assertThat(config.serviceName()).isEqualTo("some-service");
            assertThat(tracing.headers(Context.current())).isEmpty();
            assertThat(tracing.extract(
                            Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")))
                    .isEqualTo(Context.root());
        }
    }

    @Test
    void an_enabled_tracer_propagates_w3c_trace_context() {
        TracingConfig config = new TracingConfig("http://127.0.0.1:1", "http/protobuf", "svc");
        String parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        try (Tracing tracing = Tracing.start(config, "io.sluice.test")) {
            Context extracted = tracing.extract(Map.of("traceparent", parent));

            assertThat(tracing.headers(extracted)).containsEntry("traceparent", parent);
        }
    }

    @Test
    void an_unknown_protocol_is_refused_naming_the_key() {
        assertThatThrownBy(
                        () -> TracingConfig.from(Settings.of(Map.of("otel.exporter.otlp.protocol", "thrift")), "svc"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("otel.exporter.otlp.protocol must be grpc or http/protobuf, got 'thrift'");
    }
}
