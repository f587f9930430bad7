package io.sluice.core.kafka;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kafka client security settings every client Sluice creates carries — consumers, the dead-letter producer,
 * admin clients, the emitter, the CDC source's producer, the CLI's clients — so that a broker with TLS or SASL is
 * reached the same way by all of them.
 *
 * <p>Keys: {@code kafka.security.protocol} ({@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT},
 * {@code SASL_SSL}), {@code kafka.sasl.*} ({@code kafka.sasl.mechanism}, {@code kafka.sasl.jaas.config}, …) and
 * {@code kafka.ssl.*} ({@code kafka.ssl.truststore.location}, {@code kafka.ssl.truststore.password}, …): each is the
 * Kafka client property of the same name without {@code kafka.}. Environment: {@code KAFKA_SECURITY_PROTOCOL},
 * {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION},
 * {@code KAFKA_SSL_TRUSTSTORE_PASSWORD} ({@link #ENVIRONMENT}). None set: plain text, as before.
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows passwords or JAAS configurations.
 *
 * @param properties Kafka client properties, {@code security.protocol}, {@code sasl.*} and {@code ssl.*} only
 */
public record KafkaSecurity(Map<String, String> properties) {
    /** Plain text, no authentication. */
    public static final KafkaSecurity NONE = new KafkaSecurity(Map.of());

    /** Environment variables and the keys they set. */
    public static final Map<String, String> ENVIRONMENT = Map.of(
            "KAFKA_SECURITY_PROTOCOL", "kafka.security.protocol",
            "KAFKA_SASL_MECHANISM", "kafka.sasl.mechanism",
            "KAFKA_SASL_JAAS_CONFIG", "kafka.sasl.jaas.config",
            "KAFKA_SSL_TRUSTSTORE_LOCATION", "kafka.ssl.truststore.location",
            "KAFKA_SSL_TRUSTSTORE_PASSWORD", "kafka.ssl.truststore.password");

    public KafkaSecurity {
        properties = Map.copyOf(properties);
        properties.keySet().forEach(k -> {
            if (!isSecurityKey(k)) {
                throw new ConfigException(
                        "kafka." + k + " is not a Kafka security property (security.protocol," + " sasl.*, ssl.*)");
            }
        });
        String protocol = properties.get("security.protocol");
        if (protocol != null
                && !Map.of("PLAINTEXT", 1, "SSL", 1, "SASL_PLAINTEXT", 1, "SASL_SSL", 1)
                        .containsKey(protocol.trim().toUpperCase(Locale.ROOT))) {
            throw new ConfigException(
                    "kafka.security.protocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, got '" + protocol
                            + "'");
        }
    }

    /** The {@code kafka.security.protocol}, {@code kafka.sasl.*} and {@code kafka.ssl.*} keys of {@code settings}. */
    public static KafkaSecurity from(Settings settings) {
        Map<String, String> out = new TreeMap<>();
        settings.section("kafka").forEach((k, v) -> {
            if (isSecurityKey(k) && !v.isBlank()) {
                out.put(k, v.trim());
            }
        });
        return new KafkaSecurity(out);
    }

    /** {@code bootstrap.servers} and these properties: the start of every client's configuration. */
    public Map<String, Object> clientProperties(String bootstrapServers) {
        Map<String, Object> props = new HashMap<>(properties);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    /** Adds these properties to a client configuration (they replace what it had under the same names). */
    public <M extends Map<? super String, Object>> M applyTo(M clientProperties) {
        clientProperties.putAll(properties);
        return clientProperties;
    }

    public boolean isEmpty() {
        return properties.isEmpty();
    }

    private static boolean isSecurityKey(String k) {
        return k.equals("security.protocol") || k.startsWith("sasl.") || k.startsWith("ssl.");
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) ->
                shown.put(k, k.contains("password") || k.contains("jaas") || k.endsWith(".key") ? "<hidden>" : v));
        return "KafkaSecurity" + shown;
    }
}
