package io.sluice.cdcsource;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.config.Settings;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A shop database of its own on the test server, with a CDC source configuration of its own (slot, publication,
 * topic prefix, offsets file), so that tests sharing the server and the broker never see each other's events.
 */
final class CdcSourceFixture {
    final TestDatabase db;
    final String prefix;
    final String slot;
    final Path offsets;

    CdcSourceFixture(Path dir) {
        this(dir, Postgres.freshDatabase("shop"));
    }

    /** On a database of the caller's (a dedicated server, for an outage). */
    CdcSourceFixture(Path dir, TestDatabase db) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        this.db = db;
        this.prefix = "dbserver_" + id;
        this.slot = "slot_" + id;
        this.offsets = dir.resolve("offsets-" + id + ".dat");
    }

    Map<String, String> settings(Map<String, String> extra) {
        String p = CdcSourceConfig.PREFIX + ".";
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap_servers", KafkaBroker.bootstrapServers());
        m.put("database.host", db.host());
        m.put("database.port", Integer.toString(db.port()));
        m.put("database.user", db.user());
        m.put(p + "database.name", db.name());
        m.put(p + "slot_name", slot);
        m.put(p + "publication_name", slot);
        m.put(p + "topic_prefix", prefix);
        m.put(p + "offsets.file", offsets.toString());
        m.put(p + "topics.partitions", "1");
        m.put(p + "http.port", "0");
        m.put(p + "poll_interval_ms", "50");
        extra.forEach((k, v) -> m.put(k.startsWith("kafka.") || k.startsWith("database.") ? k : p + k, v));
        return m;
    }

    CdcSourceService start(Map<String, String> extra) {
        CdcSourceConfig config = CdcSourceConfig.from(Settings.of(settings(extra)), offsets.getParent(), true);
        return CdcSourceService.start(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    String topic(String table) {
        return prefix + ".public." + table;
    }

    /** The values (null for a tombstone) on the table's topic, once {@code expected} arrived (or 30 s passed). */
    List<String> values(String table, int expected) {
        return values(table, expected, java.time.Duration.ofSeconds(30));
    }

    /** The table's values, read from the start until {@code atLeast} records arrived or the timeout passed. */
    List<String> values(String table, int atLeast, java.time.Duration timeout) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaBroker.consumeAll(topic(table), timeout, atLeast)) {
            values.add(r.value() == null ? null : new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return values;
    }

    List<ConsumerRecord<byte[], byte[]>> records(String table, int expected) {
        return KafkaBroker.consumeAll(topic(table), java.time.Duration.ofSeconds(30), expected);
    }

    /** Drops the slot, so the shared test server keeps no WAL for a finished test. */
    void dropSlot() {
        try {
            db.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot
                    + "' AND NOT active");
        } catch (RuntimeException e) {
            // best effort: the slot may still be held for a moment after the engine stops
        }
    }
}
