package io.sluice.bench.ingest;

import io.sluice.core.config.Settings;
import io.sluice.db.DatabaseConfig;
import io.sluice.textwriter.TextWriterConfig;
import java.util.HashMap;
import java.util.Map;

/** The text writer's configuration for a benchmark: the user's overrides, then the benchmark's servers and topic. */
public final class WriterSettings {
    private WriterSettings() {}

    public static TextWriterConfig config(
            String bootstrapServers, String topic, DatabaseConfig db, Map<String, String> overrides) {
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
        return TextWriterConfig.from(Settings.of(s));
    }
}
