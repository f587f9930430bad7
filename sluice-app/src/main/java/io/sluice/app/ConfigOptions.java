package io.sluice.app;

import io.sluice.core.config.Settings;
import io.sluice.core.consumer.ConsumerLoopConfig;
import io.sluice.core.service.ServiceRegistry;
import io.sluice.core.service.SluiceService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The configuration options of {@code up} and {@code run}. Precedence, lowest first: built-in defaults, the config
 * file ({@code --config}, else {@code ./config.yaml} when present), environment variables, {@code --set} flags
 * (docs/adr/0003-config-precedence.md); namespaces as in docs/adr/0007-service-registry-and-config-namespaces.md.
 */
final class ConfigOptions {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "YAML config file (default: ./config.yaml when present)")
    Path configFile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override one key, e.g. --set kafka.input_topic=my-topic or"
                    + " --set services.embeddings.http.port=6003 (repeatable)")
    Map<String, String> overrides = new LinkedHashMap<>();

    /**
     * The layers, reading the environment variables of these services (where two read the same variable, the one
     * that starts first gives it its meaning).
     */
    Settings settings(List<SluiceService> services) {
        return Settings.load(configFile, ServiceRegistry.environment(services), System.getenv(), overrides);
    }

    /**
     * How long a stop may take before the JVM exits anyway: the consumers' {@code shutdown.timeout_ms} to store the
     * batch in hand, plus time to stop the HTTP servers and the embedded servers.
     */
    Duration shutdownGrace(Settings settings) {
        return settings.millis("shutdown.timeout_ms", ConsumerLoopConfig.DEFAULT_SHUTDOWN_TIMEOUT)
                .plusSeconds(20);
    }
}
