package io.sluice.tracing;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;

/**
 * Tracing: off unless an OTLP endpoint is set. The keys are OpenTelemetry's own (shared by every service of a
 * process), so they take no service prefix.
 *
 * @param endpoint {@code otel.exporter.otlp.endpoint} (env {@code OTEL_EXPORTER_OTLP_ENDPOINT}): the OTLP collector
 *     URL, or null for no tracing
 * @param protocol {@code otel.exporter.otlp.protocol} (env {@code OTEL_EXPORTER_OTLP_PROTOCOL}): {@code grpc}
 *     (default) or {@code http/protobuf}
 * @param serviceName {@code otel.service.name} (env {@code OTEL_SERVICE_NAME}): the {@code service.name} resource
 *     attribute, default the service's name
 */
public record TracingConfig(String endpoint, String protocol, String serviceName) {
    public TracingConfig {
        if (!protocol.equals("grpc") && !protocol.equals("http/protobuf")) {
            throw new ConfigException(
                    "otel.exporter.otlp.protocol must be grpc or http/protobuf, got '" + protocol + "'");
        }
    }

    /** Reads the {@code otel.*} keys; {@code defaultServiceName} when {@code otel.service.name} is unset. */
    public static TracingConfig from(Settings s, String defaultServiceName) {
        return new TracingConfig(
                s.optional("otel.exporter.otlp.endpoint").orElse(null),
                s.string("otel.exporter.otlp.protocol", "grpc").trim(),
                s.string("otel.service.name", defaultServiceName));
    }

    /** No tracing. */
    public static TracingConfig off(String serviceName) {
        return new TracingConfig(null, "grpc", serviceName);
    }

    public boolean enabled() {
        return endpoint != null;
    }
}
