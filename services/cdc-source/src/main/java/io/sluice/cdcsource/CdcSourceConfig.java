package io.sluice.cdcsource;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.core.kafka.KafkaSecurity;
import io.sluice.db.DatabaseConfig;
import io.sluice.http.HttpAccess;
import io.sluice.http.HttpServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The CDC source's configuration. Its own keys live under {@code services.cdc-source.} (ADR 0007); what services
 * share is read at the root.
 *
 * <ul>
 *   <li>{@code kafka.bootstrap_servers} (env {@code KAFKA_BOOTSTRAP_SERVERS}), default {@code localhost:9092}.
 *   <li>{@code services.cdc-source.database.host|port|user|password}, each falling back to the root {@code
 *       database.*} (env {@code DATABASE_HOST}, …); {@code services.cdc-source.database.name}, default {@code shop}
 *       (never the root {@code database.name}, which is the text writer's database).
 *   <li>{@code services.cdc-source.topic_prefix}, default {@code dbserver1}: topics are {@code
 *       <prefix>.<schema>.<table>}.
 *   <li>{@code services.cdc-source.tables}, default {@code public.products,public.orders,public.order_items}.
 *   <li>{@code services.cdc-source.slot_name} and {@code publication_name}, default {@code sluice_cdc_source}: a
 *       replication slot is server-wide, so two sources on one server need two names.
 *   <li>{@code services.cdc-source.envelope}: {@code flattened} (default, the original's deployed format) or {@code full}
 *       (Debezium's before/after/source envelope).
 *   <li>{@code services.cdc-source.snapshot_mode}, default {@code initial}.
 *   <li>{@code services.cdc-source.offsets.file}: where the engine's offsets are kept, default {@code
 *       <data>/cdc-source/offsets.dat}; {@code offsets.flush_interval_ms}, default 1000 (what a crash may replay).
 *   <li>{@code services.cdc-source.poll_interval_ms}, default 100, and {@code max_batch_size}, default 2048.
 *   <li>{@code services.cdc-source.topics.create} (default true) and {@code topics.partitions} (default 3, as the
 *       original's auto-created topics): the three topics are created before the engine starts, keyed by primary key.
 *   <li>{@code services.cdc-source.create_schema}: create the shop's tables (Flyway, {@code db/cdc-source}) in the
 *       source database; default true in {@code up}, false in {@code run}, which points at an existing database.
 *   <li>{@code services.cdc-source.http.port}, default 8085; {@code http.host} at the root.
 *   <li>{@code kafka.security.protocol}, {@code kafka.sasl.*}, {@code kafka.ssl.*} at the root: the producer's and
 *       the topic creation's TLS/SASL ({@link KafkaSecurity}).
 *   <li>{@code services.cdc-source.debezium.<property>}: passed to the engine as is, last (e.g. {@code
 *       debezium.decimal.handling.mode=string}).
 * </ul>
 */
public record CdcSourceConfig(
        String bootstrapServers,
        DatabaseConfig database,
        String topicPrefix,
        List<String> tables,
        String slotName,
        String publicationName,
        Envelope envelope,
        String snapshotMode,
        Path offsetsFile,
        Duration offsetsFlushInterval,
        Duration pollInterval,
        int maxBatchSize,
        boolean createTopics,
        int partitions,
        boolean createSchema,
        HttpServerConfig http,
        Map<String, String> debezium,
        KafkaSecurity kafkaSecurity) {

    public static final String NAME = "cdc-source";
    public static final String PREFIX = "services." + NAME;
    public static final int DEFAULT_HTTP_PORT = 8085;

    /** Environment variables and the keys they set: the shared ones only (the original's connector had none of its own). */
    public static final Map<String, String> ENV = Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap_servers",
            "DATABASE_HOST", "database.host",
            "DATABASE_PORT", "database.port",
            "DATABASE_USER", "database.user",
            "DATABASE_PASSWORD", "database.password");

    /** The shape of a published value. */
    public enum Envelope {
        /** {@code ExtractNewRecordState}: the row plus {@code __op}, {@code __lsn}, …, {@code __deleted}. */
        FLATTENED,
        /** Debezium's change event: {@code before}, {@code after}, {@code source}, {@code op}, {@code ts_ms}. */
        FULL
    }

    public CdcSourceConfig {
        tables = List.copyOf(tables);
        debezium = Map.copyOf(debezium);
        if (tables.isEmpty()) {
            throw new ConfigException(PREFIX + ".tables must name at least one table, e.g. public.products");
        }
    }

    /** Reads the keys above; {@code dataDir} is where {@code offsets.file} defaults to. */
    public static CdcSourceConfig from(Settings s, Path dataDir, boolean createSchemaByDefault) {
        Settings own = s.within(PREFIX);
        DatabaseConfig root = DatabaseConfig.from(s);
        boolean createSchema = own.bool("create_schema", createSchemaByDefault);
        DatabaseConfig db = new DatabaseConfig(
                own.string("database.host", root.host()),
                own.isSet("database.port") ? own.integer("database.port", 0, 1, 65535) : root.port(),
                identifier(own, "database.name", "shop"),
                own.string("database.user", root.user()),
                own.string("database.password", root.password()),
                2,
                root.connectionTimeout(),
                createSchema,
                root.socketTimeout(),
                root.statementTimeout(),
                root.tls());
        return new CdcSourceConfig(
                s.string("kafka.bootstrap_servers", "localhost:9092"),
                db,
                own.string("topic_prefix", "dbserver1"),
                Arrays.stream(own.string("tables", "public.products,public.orders,public.order_items")
                                .split(","))
                        .map(String::trim)
                        .filter(t -> !t.isEmpty())
                        .toList(),
                identifier(own, "slot_name", "sluice_cdc_source"),
                identifier(own, "publication_name", "sluice_cdc_source"),
                envelope(own),
                own.string("snapshot_mode", "initial"),
                Path.of(own.string(
                        "offsets.file",
                        dataDir.resolve(NAME).resolve("offsets.dat").toString())),
                own.millis("offsets.flush_interval_ms", Duration.ofSeconds(1)),
                own.millis("poll_interval_ms", Duration.ofMillis(100)),
                own.integer("max_batch_size", 2048, 1, 1_000_000),
                own.bool("topics.create", true),
                own.integer("topics.partitions", 3, 1, 10_000),
                createSchema,
                new HttpServerConfig(
                        HttpServerConfig.bindAddress(s),
                        own.integer("http.port", DEFAULT_HTTP_PORT, 0, 65535),
                        HttpServerConfig.DEFAULT_MAX_REQUEST_BYTES,
                        HttpServerConfig.DEFAULT_MAX_PAGE_BYTES,
                        HttpAccess.from(s)),
                own.section("debezium"),
                KafkaSecurity.from(s));
    }

    /** The topic a table publishes to: {@code dbserver1.public.products}. */
    public String topicFor(String table) {
        return topicPrefix + "." + (table.contains(".") ? table : "public." + table);
    }

    public List<String> topics() {
        return tables.stream().map(this::topicFor).toList();
    }

    private static Envelope envelope(Settings own) {
        String v = own.string("envelope", "flattened").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "flattened" -> Envelope.FLATTENED;
            case "full" -> Envelope.FULL;
            default ->
                throw new ConfigException(own.keyName("envelope") + " must be flattened or full, got '" + v + "'");
        };
    }

    private static String identifier(Settings own, String key, String defaultValue) {
        String v = own.string(key, defaultValue);
        if (!v.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new ConfigException(own.keyName(key) + " must be a lower-case PostgreSQL identifier (letters,"
                    + " digits, underscores), got '" + v + "'");
        }
        return v;
    }
}
