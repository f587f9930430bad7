package io.sluice.bench.ingest;

import io.sluice.core.config.Settings;
import io.sluice.db.DatabaseConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The text writer's settings for a benchmark, in the keys the service reads ({@code kafka.*}, {@code database.*},
 * {@code http.*}, {@code batch.*}): the user's {@code --set} overrides, then the benchmark's servers, topic and a
 * free port.
 */
public final class WriterSettings {
    private WriterSettings() {}

    public static Settings of(String bootstrapServers, String topic, DatabaseConfig db, Map<String, String> overrides) {
        Map<String, String> s = new HashMap<>(overrides);
        s.put("kafka.bootstrap_servers", bootstrapServers);
        s.put("kafka.input_topic", topic);
        s.put("kafka.consumer_group", "bench-" + topic);
        s.put("kafka.create_topics", "false");
        s.put("database.host", db.host());
        s.put("database.port", Integer.toString(db.port()));
        s.put("database.name", db.name());
        s.put("database.user", db.user());
        s.put("database.password", db.password());
        s.put("http.host", "127.0.0.1");
        s.put("http.port", "0");
        return Settings.of(s);
    }
}
