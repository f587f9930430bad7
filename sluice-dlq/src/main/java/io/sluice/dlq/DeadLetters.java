package io.sluice.dlq;

import java.util.Map;

/**
 * The dead letters of a Kafka cluster (every {@code *.dlq} topic, ADR 0002) and what was done with them. Skeleton:
 * the DLQ helper fills it in (list/show/replay/resolve over a compacted state topic).
 */
public final class DeadLetters implements AutoCloseable {
    private final String bootstrapServers;
    private final Map<String, String> clientProperties;

    private DeadLetters(String bootstrapServers, Map<String, String> clientProperties) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = Map.copyOf(clientProperties);
    }

    /**
     * Connects lazily to this cluster.
     *
     * @param clientProperties extra Kafka client properties (security), applied to every client it makes
     */
    public static DeadLetters open(String bootstrapServers, Map<String, String> clientProperties) {
        return new DeadLetters(bootstrapServers, clientProperties);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    Map<String, String> clientProperties() {
        return clientProperties;
    }

    @Override
    public void close() {}
}
