package io.sluice.bench.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.db.DatabaseConfig;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * What the processor is compared with: the same records consumed raw (a consumer group of its own, as the processor
 * has, but no validation, no dead-letter topic, no stored offsets, no aggregates, no dedupe) and each poll's rows written with one {@code COPY} (CSV)
 * and a commit, into a table with the columns and indexes of {@code activity_events}. The JSON is parsed once per
 * record for the columns, as the processor must. Timed from the subscription (the group's join included, as the
 * processor's time includes its own) to the last commit.
 */
final class RawCopyBaseline {
    static final String TABLE =
            """
            CREATE TABLE activity_events_raw (
                seq             BIGINT GENERATED ALWAYS AS IDENTITY,
                event_id        TEXT        NOT NULL PRIMARY KEY,
                event_type      TEXT        NOT NULL,
                user_id         TEXT        NOT NULL,
                session_id      TEXT,
                page_url        TEXT,
                event_time      TIMESTAMPTZ NOT NULL,
                record          JSONB       NOT NULL,
                topic           TEXT        NOT NULL,
                kafka_partition INTEGER     NOT NULL,
                kafka_offset    BIGINT      NOT NULL,
                stored_at       TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            CREATE INDEX ON activity_events_raw (event_time DESC, seq DESC);
            CREATE INDEX ON activity_events_raw (user_id, event_time DESC, seq DESC);
            CREATE INDEX ON activity_events_raw (event_type, event_time DESC, seq DESC)""";
    private static final String COPY = "COPY activity_events_raw (event_id, event_type, user_id, session_id, page_url,"
            + " event_time, record, topic, kafka_partition, kafka_offset) FROM STDIN (FORMAT csv)";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RawCopyBaseline() {}

    record Result(long records, long nanos, long transactions) {}

    static Result run(String bootstrapServers, String topic, DatabaseConfig db, long n) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // A group of its own, as the processor has: both pay the same join before their first record.
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-activity-copy-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            try (Statement st = c.createStatement()) {
                st.execute(TABLE);
            }
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long records = 0;
            long transactions = 0;
            long start = System.nanoTime();
            long deadline = start + Duration.ofMinutes(10).toNanos();
            consumer.subscribe(List.of(topic));
            while (records < n && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(200));
                if (polled.isEmpty()) {
                    continue;
                }
                StringBuilder csv = new StringBuilder(polled.count() * 800);
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    row(csv, r);
                }
                records += copy.copyIn(COPY, new StringReader(csv.toString()));
                c.commit();
                transactions++;
            }
            return new Result(records, System.nanoTime() - start, transactions);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "the raw COPY baseline failed on " + db.jdbcUrl() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("the raw COPY baseline failed", e);
        }
    }

    private static void row(StringBuilder csv, ConsumerRecord<byte[], byte[]> r) throws IOException {
        JsonNode n = MAPPER.readTree(r.value());
        field(csv, n.path("event_id").asText()).append(',');
        field(csv, n.path("event_type").asText()).append(',');
        field(csv, n.path("user_id").asText()).append(',');
        field(csv, n.path("session_id").asText(null)).append(',');
        field(csv, n.path("page_url").asText(null)).append(',');
        field(csv, n.path("timestamp").asText()).append(',');
        field(csv, new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))
                .append(',');
        field(csv, r.topic()).append(',');
        csv.append(r.partition()).append(',').append(r.offset()).append('\n');
    }

    private static StringBuilder field(StringBuilder csv, String value) {
        if (value == null) {
            return csv; // an unquoted empty field is NULL in CSV
        }
        return csv.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
