package io.sluice.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry for a service: with an OTLP endpoint, an SDK that batches spans to it (gRPC or
 * http/protobuf) and propagates W3C trace context; without one, {@link OpenTelemetry#noop()}, which costs next to
 * nothing and never fails. An unreachable collector only loses spans (the exporter logs it); requests and events
 * are never affected. Not registered as the global instance. Thread-safe.
 *
 * <p>Its own module because an HTTP handler (a server span continuing {@code traceparent}), a producer (the context
 * in record headers) and a consumer sink (a span per batch, linked to the records) all use it: neither
 * {@code sluice-http} nor {@code sluice-producer} is a dependency of every one of those, and the OTLP exporter
 * (gRPC and HTTP clients) should weigh only on services that trace.
 */
public final class Tracing implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tracing.class);

    public static final TextMapSetter<Map<String, String>> MAP_SETTER =
            (carrier, key, value) -> carrier.put(key, value);
    public static final TextMapGetter<Map<String, String>> MAP_GETTER =
            (carrier, key) -> carrier == null ? null : carrier.get(key);

    private final OpenTelemetry otel;
    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;

    private Tracing(OpenTelemetry otel, OpenTelemetrySdk sdk, String instrumentation) {
        this.otel = otel;
        this.sdk = sdk;
        this.tracer = otel.getTracer(instrumentation);
    }

    /**
     * Starts tracing as configured.
     *
     * @param instrumentation the tracer's instrumentation scope, the service's package ({@code io.sluice.requestevents})
     */
    public static Tracing start(TracingConfig config, String instrumentation) {
        if (!config.enabled()) {
            return new Tracing(OpenTelemetry.noop(), null, instrumentation);
        }
        SpanExporter exporter = config.protocol().equals("grpc")
                ? OtlpGrpcSpanExporter.builder()
                        .setEndpoint(config.endpoint())
                        .setTimeout(Duration.ofSeconds(5))
                        .build()
                : OtlpHttpSpanExporter.builder()
                        .setEndpoint(tracesUrl(config.endpoint()))
                        .setTimeout(Duration.ofSeconds(5))
                        .build();
        Resource resource = Resource.getDefault()
                .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), config.serviceName())));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter)
                        .setScheduleDelay(Duration.ofSeconds(1))
                        .build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        log.info("tracing: exporting spans over OTLP ({}) to {}", config.protocol(), config.endpoint());
        return new Tracing(sdk, sdk, instrumentation);
    }

    /** The signal URL for http/protobuf: the base endpoint plus {@code /v1/traces}, as the OTel spec defines it. */
    static String tracesUrl(String endpoint) {
        if (endpoint.endsWith("/v1/traces")) {
            return endpoint;
        }
        return (endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint) + "/v1/traces";
    }

    public boolean enabled() {
        return sdk != null;
    }

    public OpenTelemetry openTelemetry() {
        return otel;
    }

    public Tracer tracer() {
        return tracer;
    }

    /** The trace context of {@code context} as headers ({@code traceparent}, ...); empty when tracing is off. */
    public Map<String, String> headers(Context context) {
        if (sdk == null) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        otel.getPropagators().getTextMapPropagator().inject(context, headers, MAP_SETTER);
        return headers;
    }

    /** The context a caller sent in {@code traceparent}/{@code tracestate} headers, or the root context. */
    public Context extract(Map<String, String> headers) {
        if (sdk == null) {
            return Context.root();
        }
        return otel.getPropagators().getTextMapPropagator().extract(Context.root(), headers, MAP_GETTER);
    }

    /** Exports the spans still buffered, then stops the SDK. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}
