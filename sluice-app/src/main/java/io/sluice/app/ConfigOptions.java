package io.sluice.app;

import io.sluice.core.config.Settings;
import io.sluice.textwriter.TextWriterConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The configuration options of {@code up} and {@code run}. Precedence, lowest first: built-in defaults, the config
 * file ({@code --config}, else {@code ./config.yaml} when present), environment variables, {@code --set} flags
 * (docs/adr/0003-config-precedence.md).
 */
final class ConfigOptions {
    /** Every environment variable any service reads. */
    static final Map<String, String> ENV = TextWriterConfig.ENV;

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

    Settings settings() {
        return Settings.load(configFile, ENV, System.getenv(), overrides);
    }
}
