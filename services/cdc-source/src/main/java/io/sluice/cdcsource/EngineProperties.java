package io.sluice.cdcsource;

import io.debezium.connector.postgresql.PostgresConnector;
import java.util.Properties;

/**
 * The Debezium engine's properties for a {@link CdcSourceConfig}: the original's connector ({@code
 * k8s/debezium/postgres-connector.yaml}, SPEC.md §5.1) run in-process, with the offsets in a local file.
 *
 * <p>The original's {@code drop.tombstones=false} with {@code delete.handling.mode=rewrite} is spelled {@code
 * delete.tombstone.handling.mode=rewrite-with-tombstone} in Debezium 3 (the two older options are gone): a delete
 * becomes the old row with {@code __deleted="true"}, followed by a tombstone.
 */
final class EngineProperties {
    /** The original's {@code add.fields} plus {@code lsn}, the change's position (ts_ms is not unique). */
    static final String ADD_FIELDS = "op,source.ts_ms,source.db,source.table,lsn";

    private EngineProperties() {}

    static Properties of(CdcSourceConfig c) {
        Properties p = new Properties();
        p.setProperty("name", "sluice-" + c.slotName());
        p.setProperty("connector.class", PostgresConnector.class.getName());
        p.setProperty("database.hostname", c.database().host());
        p.setProperty("database.port", Integer.toString(c.database().port()));
        p.setProperty("database.user", c.database().user());
        p.setProperty("database.password", c.database().password());
        p.setProperty("database.dbname", c.database().name());
        if (c.database().tls().sslMode() != null) {
            p.setProperty("database.sslmode", c.database().tls().sslMode());
        }
        if (c.database().tls().sslRootCert() != null) {
            p.setProperty("database.sslrootcert", c.database().tls().sslRootCert());
        }
        p.setProperty("topic.prefix", c.topicPrefix());
        p.setProperty("table.include.list", String.join(",", c.tables()));
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", c.slotName());
        p.setProperty("publication.name", c.publicationName());
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("snapshot.mode", c.snapshotMode());
        p.setProperty("tombstones.on.delete", "true");

        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        p.setProperty(
                "offset.storage.file.filename", c.offsetsFile().toAbsolutePath().toString());
        p.setProperty(
                "offset.flush.interval.ms",
                Long.toString(c.offsetsFlushInterval().toMillis()));
        // Debezium's 500 ms poll makes bursts slow (research: 20-100 ms gave 2x the rate).
        p.setProperty("poll.interval.ms", Long.toString(c.pollInterval().toMillis()));
        p.setProperty("max.batch.size", Integer.toString(c.maxBatchSize()));
        p.setProperty("max.queue.size", Integer.toString(Math.max(8192, 4 * c.maxBatchSize())));

        // JSON with schemas, key and value, as the original's JsonConverter.
        p.setProperty("converter.schemas.enable", "true");
        p.setProperty("key.converter.schemas.enable", "true");
        p.setProperty("value.converter.schemas.enable", "true");

        if (c.envelope() == CdcSourceConfig.Envelope.FLATTENED) {
            p.setProperty("transforms", "unwrap");
            p.setProperty("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState");
            p.setProperty("transforms.unwrap.delete.tombstone.handling.mode", "rewrite-with-tombstone");
            p.setProperty("transforms.unwrap.add.fields", ADD_FIELDS);
        }
        c.debezium().forEach(p::setProperty);
        return p;
    }
}
