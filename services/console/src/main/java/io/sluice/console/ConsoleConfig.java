package io.sluice.console;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.core.kafka.KafkaSecurity;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The console's configuration, validated when built; errors name the key and the value.
 *
 * <ul>
 *   <li>{@code kafka.bootstrap_servers} and the Kafka security keys ({@link KafkaSecurity}).
 *   <li>{@code services.console.urls.<service>}: where each service answers ({@code http://writer:8080}); in
 *       {@code up} the platform publishes them as {@code platform.urls.<service>}, which these override.
 *   <li>{@code services.console.tokens.<service>}: the token sent on with a proxied write to that service; by
 *       default {@code http.api_token} (in {@code up} every service shares it).
 *   <li>{@code services.console.sample_interval}: how often the services and Kafka are sampled, {@code 5s} by
 *       default ({@code 500ms}, {@code 5s}, {@code 1m}; a bare number is seconds).
 *   <li>{@code services.console.history}: how long samples are kept in memory, {@code 24h} by default.
 *   <li>{@code services.console.max_scan}: the most records one browse reads, 10,000 by default.
 *   <li>{@code services.console.kafka_timeout}: how long one Kafka call may take, {@code 5s} by default.
 * </ul>
 *
 * @param urls each service's base URL, by service name, sorted
 * @param tokens the token for each service's writes, by service name (absent: none)
 */
record ConsoleConfig(
        String bootstrapServers,
        KafkaSecurity security,
        Map<String, String> urls,
        Map<String, String> tokens,
        Duration sampleInterval,
        Duration history,
        int maxScan,
        Duration kafkaTimeout) {
    static final String PREFIX = "services.console.";

    ConsoleConfig {
        urls = Map.copyOf(urls);
        tokens = Map.copyOf(tokens);
    }

    static ConsoleConfig from(Settings s) {
        Map<String, String> urls = new TreeMap<>();
        s.section("platform.urls").forEach((k, v) -> urls.put(k, v.trim()));
        s.section(PREFIX + "urls").forEach((k, v) -> urls.put(k, v.trim()));
        urls.remove(ConsoleProvider.NAME);
        urls.values().removeIf(String::isBlank);
        urls.forEach((name, url) -> checkUrl(s, name, url));
        Map<String, String> tokens = new TreeMap<>();
        Optional<String> shared = s.optional("http.api_token");
        urls.keySet().forEach(name -> s.optional(PREFIX + "tokens." + name)
                .or(() -> shared)
                .ifPresent(t -> tokens.put(name, t.strip())));
        Duration interval = duration(s, PREFIX + "sample_interval", Duration.ofSeconds(5));
        Duration history = duration(s, PREFIX + "history", Duration.ofHours(24));
        if (interval.toMillis() < 100 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigException(s.keyName(PREFIX + "sample_interval") + " must be between 100ms and 1h, got '"
                    + s.string(PREFIX + "sample_interval", "") + "'");
        }
        if (history.compareTo(interval) < 0 || history.compareTo(Duration.ofDays(7)) > 0) {
            throw new ConfigException(s.keyName(PREFIX + "history")
                    + " must be at least the sample interval and at most 7d, got '" + s.string(PREFIX + "history", "")
                    + "'");
        }
        return new ConsoleConfig(
                s.required("kafka.bootstrap_servers"),
                KafkaSecurity.from(s),
                urls,
                tokens,
                interval,
                history,
                s.integer(PREFIX + "max_scan", 10_000, 1, 1_000_000),
                duration(s, PREFIX + "kafka_timeout", Duration.ofSeconds(5)));
    }

    /** Samples kept per series: the history over the interval. */
    int historyPoints() {
        return (int) Math.max(1, history.toMillis() / sampleInterval.toMillis());
    }

    private static void checkUrl(Settings s, String name, String url) {
        try {
            URI uri = URI.create(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "services.console.urls." + name + " must be an http(s) URL (http://host:port), got '" + url + "'");
        }
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 24h}, {@code 7d}; a bare number is seconds. */
    static Duration duration(Settings s, String key, Duration defaultValue) {
        Optional<String> raw = s.optional(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String v = raw.get().trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(
                        Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            char unit = v.charAt(v.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException(v);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(
                    s.keyName(key) + " must be a duration such as 500ms, 5s, 2m or 24h, got '" + raw.get() + "'");
        }
    }
}
