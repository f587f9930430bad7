package io.sluice.app;

import io.sluice.core.config.Settings;
import io.sluice.core.consumer.ConsumerLoopConfig;
import io.sluice.embeddings.EmbeddingsConfig;
import io.sluice.requestevents.RequestEventsConfig;
import io.sluice.textwriter.TextWriterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The configuration options of {@code up} and {@code run}. Precedence, lowest first: built-in defaults, the config
 * file ({@code --config}, else {@code ./config.yaml} when present), environment variables, {@code --set} flags
 * (docs/adr/0003-config-precedence.md).
 */
final class ConfigOptions {
    /**
     * Every environment variable any service reads. Request events first, so that where two services read the same
     * variable ({@code KAFKA_CONSUMER_GROUP}) the text writer's meaning wins in {@code up}; {@code run
     * request-events} reads {@link RequestEventsConfig#ENV} alone.
     */
    static final Map<String, String> ENV = merge(RequestEventsConfig.ENV, TextWriterConfig.ENV, EmbeddingsConfig.ENV);

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "YAML config file (default: ./config.yaml when present)")
    Path configFile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override one key, e.g. --set kafka.input_topic=my-topic (repeatable)")
    Map<String, String> overrides = new LinkedHashMap<>();

    @SafeVarargs
    private static Map<String, String> merge(Map<String, String>... maps) {
        Map<String, String> all = new java.util.HashMap<>();
        for (Map<String, String> m : maps) {
            all.putAll(m);
        }
        return Map.copyOf(all);
    }

    Settings settings() {
        return settings(ENV);
    }

    /** The same layers, reading only the environment variables in {@code env} (one service's own). */
    Settings settings(Map<String, String> env) {
        return Settings.load(configFile, env, System.getenv(), overrides);
    }

    /**
     * How long a stop may take before the JVM exits anyway: the consumers' {@code shutdown.timeout_ms} to store the
     * batch in hand, plus time to stop the HTTP servers and the embedded servers.
     */
    Duration shutdownGrace() {
        return settings()
                .millis("shutdown.timeout_ms", ConsumerLoopConfig.DEFAULT_SHUTDOWN_TIMEOUT)
                .plusSeconds(20);
    }
}
