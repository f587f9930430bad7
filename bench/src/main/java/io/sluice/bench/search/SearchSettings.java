package io.sluice.bench.search;

import io.sluice.db.DatabaseConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The search indexer's settings for a benchmark run, in the keys the service reads (root {@code kafka.*}, {@code
 * database.*}, {@code http.host}; its own under {@code services.search-indexer.}): the run's broker, topic, group,
 * database and store, a free HTTP port; the user's {@code --set} overrides (full keys) last.
 */
final class SearchSettings {
    static final String OWN = "services." + SearchInstance.SERVICE + ".";

    private SearchSettings() {}

    static Map<String, String> of(
            String bootstrapServers,
            String topic,
            String group,
            DatabaseConfig db,
            String store,
            Map<String, String> overrides) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kafka.bootstrap_servers", bootstrapServers);
        s.put(OWN + "kafka.topic", topic);
        s.put(OWN + "kafka.group_id", group);
        s.put(OWN + "store", store);
        s.put("database.host", db.host());
        s.put("database.port", Integer.toString(db.port()));
        s.put("database.name", db.name());
        s.put("database.user", db.user());
        s.put("database.password", db.password());
        s.put("http.host", "127.0.0.1");
        s.put(OWN + "http.port", "0");
        s.putAll(overrides);
        return s;
    }
}
