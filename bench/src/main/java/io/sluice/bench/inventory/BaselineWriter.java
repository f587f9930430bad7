package io.sluice.bench.inventory;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The naive writer the inventory service is compared with: what one writes by hand in an afternoon. A plain {@link
 * KafkaConsumer} on both topics; per poll, one transaction of JDBC batches: products upserted with their {@code
 * stock_quantity} as the stock (so a catalogue update erases the decrements, as the original did), deleted products
 * deleted, and each order item upserted with the stock changed by its quantity (the difference to the stored item
 * for an update, given back on a delete); then the offsets committed to Kafka. No idempotence (a replay decrements
 * again), no ordering guard, no ledger, items of unknown products lost. Tombstones are skipped. Single-threaded.
 */
final class BaselineWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STALL = Duration.ofSeconds(120);

    private static final String SCHEMA =
            """
            CREATE TABLE IF NOT EXISTS baseline_products (
                product_id  bigint PRIMARY KEY,
                name        text NOT NULL,
                description text,
                price       numeric(10, 2) NOT NULL,
                stock       bigint NOT NULL,
                updated_at  timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS baseline_items (
                item_id    bigint PRIMARY KEY,
                product_id bigint NOT NULL,
                quantity   integer NOT NULL)""";
    private static final String UPSERT_PRODUCT =
            """
            INSERT INTO baseline_products (product_id, name, description, price, stock, updated_at)
            VALUES (?, ?, ?, ?, ?, now())
            ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, description = excluded.description,
                price = excluded.price, stock = excluded.stock, updated_at = excluded.updated_at""";
    private static final String DELETE_PRODUCT = "DELETE FROM baseline_products WHERE product_id = ?";
    /** One statement per item event: the stored quantity (read first, in the CTE's snapshot), the upsert, the stock. */
    private static final String APPLY_ITEM =
            """
            WITH previous AS (SELECT quantity FROM baseline_items WHERE item_id = ?),
                 stored AS (INSERT INTO baseline_items (item_id, product_id, quantity) VALUES (?, ?, ?)
                            ON CONFLICT (item_id) DO UPDATE SET product_id = excluded.product_id,
                                quantity = excluded.quantity)
            UPDATE baseline_products SET stock = stock - (? - coalesce((SELECT quantity FROM previous), 0)),
                updated_at = now()
            WHERE product_id = ?""";

    /** Records consumed, the nanoseconds from the consumer's creation to the last commit, and the transactions. */
    record Result(long records, long nanos, long transactions) {}

    private BaselineWriter() {}

    /** Creates the writer's two tables. */
    static void prepare(DatabaseConfig db) {
        try (Connection c = connect(db);
                Statement st = c.createStatement()) {
            st.execute(SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the baseline's tables: " + e.getMessage(), e);
        }
    }

    /**
     * Consumes {@code topics} from the start in a group of its own until {@code records} are stored and committed.
     *
     * @throws IllegalStateException if nothing arrives for two minutes, or the database fails
     */
    static Result run(String bootstrapServers, CdcTopics topics, DatabaseConfig db, long records) {
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers);
                Connection c = connect(db);
                PreparedStatement upsert = c.prepareStatement(UPSERT_PRODUCT);
                PreparedStatement delete = c.prepareStatement(DELETE_PRODUCT);
                PreparedStatement item = c.prepareStatement(APPLY_ITEM)) {
            c.setAutoCommit(false);
            consumer.subscribe(topics.both());
            long done = 0;
            long transactions = 0;
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
                    add(r, topics, upsert, delete, item);
                }
                upsert.executeBatch();
                delete.executeBatch();
                item.executeBatch();
                c.commit();
                consumer.commitSync();
                transactions++;
                done += batch.count();
                movedAt = System.nanoTime();
            }
            return new Result(done, System.nanoTime() - start, transactions);
        } catch (SQLException e) {
            throw new IllegalStateException("the baseline writer failed on " + db.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    /** Stock by product id, as the baseline stored it. */
    static Map<Long, Long> stock(DatabaseConfig db) {
        Map<Long, Long> stock = new HashMap<>();
        try (Connection c = connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT product_id, stock FROM baseline_products")) {
            while (rs.next()) {
                stock.put(rs.getLong(1), rs.getLong(2));
            }
            return stock;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the baseline's stock: " + e.getMessage(), e);
        }
    }

    private static void add(
            ConsumerRecord<byte[], byte[]> r,
            CdcTopics topics,
            PreparedStatement upsert,
            PreparedStatement delete,
            PreparedStatement item)
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
        boolean deleted = "d".equals(p.get("__op").asText());
        long id = p.get("id").asLong();
        if (r.topic().equals(topics.products())) {
            if (deleted) {
                delete.setLong(1, id);
                delete.addBatch();
                return;
            }
            upsert.setLong(1, id);
            upsert.setString(2, p.get("name").asText());
            upsert.setString(
                    3,
                    p.get("description").isNull() ? null : p.get("description").asText());
            upsert.setBigDecimal(4, decimal(p.get("price").asText()));
            upsert.setLong(5, p.get("stock_quantity").asLong());
            upsert.addBatch();
        } else {
            long product = p.get("product_id").asLong();
            int quantity = deleted ? 0 : p.get("quantity").asInt();
            item.setLong(1, id);
            item.setLong(2, id);
            item.setLong(3, product);
            item.setInt(4, quantity);
            item.setInt(5, quantity);
            item.setLong(6, product);
            item.addBatch();
        }
    }

    private static BigDecimal decimal(String base64) {
        return new BigDecimal(new BigInteger(Base64.getDecoder().decode(base64)), 2);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-baseline-" + UUID.randomUUID());
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
