package io.sluice.bench.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.db.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The minimal writer the search indexer is compared with: a plain {@link KafkaConsumer} and, per poll, one JDBC batch
 * upserting the same documents (the seed's attributes: exact cents, display price, lower-cased name, the tokens as a
 * {@code text[]}) into a table with a primary key and nothing else: no postings, no token index, no versions, no
 * tombstones; then the offsets committed. Single-threaded.
 */
final class SearchBaseline {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STALL = Duration.ofSeconds(120);

    private static final String SCHEMA =
            """
            CREATE TABLE IF NOT EXISTS baseline_search (
                product_id     bigint PRIMARY KEY,
                name           text NOT NULL,
                name_lower     text NOT NULL,
                description    text,
                price          bigint NOT NULL,
                price_display  text NOT NULL,
                stock_quantity bigint NOT NULL,
                search_tokens  text[] NOT NULL,
                indexed_at     timestamptz NOT NULL,
                cdc_timestamp  bigint)""";
    private static final String UPSERT =
            """
            INSERT INTO baseline_search (product_id, name, name_lower, description, price, price_display,
                stock_quantity, search_tokens, indexed_at, cdc_timestamp)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, now(), ?)
            ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, name_lower = excluded.name_lower,
                description = excluded.description, price = excluded.price, price_display = excluded.price_display,
                stock_quantity = excluded.stock_quantity, search_tokens = excluded.search_tokens,
                indexed_at = excluded.indexed_at, cdc_timestamp = excluded.cdc_timestamp""";

    /** Records consumed and the nanoseconds from the consumer's creation to the last commit. */
    record Result(long records, long nanos) {}

    private SearchBaseline() {}

    static void prepare(DatabaseConfig db) {
        try (Connection c = connect(db);
                Statement st = c.createStatement()) {
            st.execute(SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the baseline's table: " + e.getMessage(), e);
        }
    }

    /**
     * Consumes {@code topic} from the start in a group of its own until {@code records} are stored and committed.
     *
     * @throws IllegalStateException if nothing arrives for two minutes, or the database fails
     */
    static Result run(String bootstrapServers, String topic, DatabaseConfig db, long records) {
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers);
                Connection c = connect(db);
                PreparedStatement upsert = c.prepareStatement(UPSERT)) {
            c.setAutoCommit(false);
            consumer.subscribe(List.of(topic));
            long done = 0;
            long movedAt = System.nanoTime();
            while (done < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
                if (batch.isEmpty()) {
                    if (System.nanoTime() - movedAt > STALL.toNanos()) {
                        throw new IllegalStateException("the baseline consumed nothing for " + STALL.toSeconds()
                                + " s after " + done + " of " + records + " records");
                    }
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    add(c, r, upsert);
                }
                upsert.executeBatch();
                c.commit();
                consumer.commitSync();
                done += batch.count();
                movedAt = System.nanoTime();
            }
            return new Result(done, System.nanoTime() - start);
        } catch (SQLException e) {
            throw new IllegalStateException("the baseline writer failed on " + db.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    private static void add(Connection c, ConsumerRecord<byte[], byte[]> r, PreparedStatement upsert)
            throws SQLException {
        if (r.value() == null) {
            return; // tombstone
        }
        JsonNode p;
        try {
            p = JSON.readTree(r.value()).get("payload");
        } catch (IOException e) {
            throw new UncheckedIOException("the baseline cannot read a record of " + r.topic(), e);
        }
        String name = p.get("name").asText();
        String description =
                p.get("description").isNull() ? null : p.get("description").asText();
        long cents = new BigDecimal(
                        new BigInteger(Base64.getDecoder().decode(p.get("price").asText())), 2)
                .unscaledValue()
                .longValueExact();
        upsert.setLong(1, p.get("id").asLong());
        upsert.setString(2, name);
        upsert.setString(3, name.toLowerCase(Locale.ROOT));
        upsert.setString(4, description);
        upsert.setLong(5, cents);
        upsert.setString(6, "$" + BigDecimal.valueOf(cents, 2).toPlainString());
        upsert.setLong(7, p.get("stock_quantity").asLong());
        upsert.setArray(8, c.createArrayOf("text", tokens(name, description).toArray()));
        if (p.get("updated_at").isNull()) {
            upsert.setNull(9, Types.BIGINT);
        } else {
            upsert.setLong(9, p.get("updated_at").asLong());
        }
        upsert.addBatch();
    }

    private static Set<String> tokens(String... texts) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String text : texts) {
            if (text != null) {
                Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
                while (m.find()) {
                    tokens.add(m.group());
                }
            }
        }
        return tokens;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-search-baseline-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Connection connect(DatabaseConfig db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        p.setProperty("password", db.password());
        return DriverManager.getConnection(db.jdbcUrl(), p);
    }
}
