package io.sluice.cdcsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.Postgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Captures the fixtures of {@code sluice-cdc}'s tests from a real run: the shop scenario through Debezium into
 * Kafka, once per encoding, written as JSON lines ({@code {"topic","key","value"}}, value null for a tombstone).
 * Runs only when asked: {@code -Dit.test=CaptureFixturesIT -Dsluice.capture.dir=sluice-testkit/src/main/resources/debezium}.
 */
@ExtendWith({Postgres.class, KafkaBroker.class})
@EnabledIfSystemProperty(named = "sluice.capture.dir", matches = ".+")
class CaptureFixturesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Variant name, then the settings that make it. */
    private static final Map<String, Map<String, String>> VARIANTS = Map.of(
            "flattened", Map.of(),
            "full", Map.of("envelope", "full"),
            "flattened-string-connect",
                    Map.of("debezium.decimal.handling.mode", "string", "debezium.time.precision.mode", "connect"),
            "full-double-connect",
                    Map.of(
                            "envelope",
                            "full",
                            "debezium.decimal.handling.mode",
                            "double",
                            "debezium.time.precision.mode",
                            "connect"));

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"flattened", "full", "flattened-string-connect", "full-double-connect"})
    void capture(String variant) throws IOException {
        CdcSourceFixture f = new CdcSourceFixture(dir);
        f.db.execute("SELECT 1");
        Map<String, String> extra = new HashMap<>(VARIANTS.get(variant));
        extra.put("tables", "public.products,public.orders,public.order_items,public.measures");
        // Unconstrained NUMERIC (VariableScaleDecimal when precise) and TIMESTAMPTZ (ISO strings).
        try (CdcSourceService first = f.start(Map.of())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> first.status() == CaptureStatus.RUNNING);
        }
        f.db.execute("CREATE TABLE measures (id SERIAL PRIMARY KEY, amount NUMERIC, measured_at TIMESTAMPTZ)");
        f.db.execute("ALTER TABLE measures REPLICA IDENTITY FULL");
        f.dropSlot();
        f.db.execute("DROP PUBLICATION IF EXISTS " + f.slot);
        Files.deleteIfExists(f.offsets);
        ShopScenario.seed(f.db);
        f.db.execute("INSERT INTO measures (amount, measured_at) VALUES (29.99, '2026-12-04T10:15:30.123456Z')");
        try (CdcSourceService service = f.start(extra)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> service.status() == CaptureStatus.RUNNING);
            ShopScenario.changes(f.db);
            f.db.execute("INSERT INTO measures (amount, measured_at) VALUES (1299.99, now()), (0.29, now()),"
                    + " (4.35, now()), (19.99, now()), (-12.5, now())");
            f.db.execute("UPDATE measures SET amount = 1299.990 WHERE id = 2");
            List<String> lines = new ArrayList<>();
            lines.addAll(lines(f, "products", 8));
            lines.addAll(lines(f, "orders", 3));
            lines.addAll(lines(f, "order_items", 5));
            lines.addAll(lines(f, "measures", 7));
            Path out = Path.of(System.getProperty("sluice.capture.dir")).resolve(variant + ".jsonl");
            Files.createDirectories(out.getParent());
            Files.writeString(out, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } finally {
            f.dropSlot();
        }
    }

    private static String raw(CdcSourceFixture f, byte[] json) throws IOException {
        if (json == null) {
            return "null";
        }
        String s = new String(json, StandardCharsets.UTF_8);
        JSON.readTree(s); // it is JSON
        // Each run has a prefix and a database of its own; the fixtures read as the original's.
        return s.replace("\n", "").replace(f.prefix, "dbserver1").replace(f.db.name(), "shop");
    }

    private static List<String> lines(CdcSourceFixture f, String table, int expected) throws IOException {
        List<ConsumerRecord<byte[], byte[]>> records = f.records(table, expected);
        assertThat(records).as(table).hasSize(expected);
        List<String> lines = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            // The bytes as published, not re-encoded (a re-encoding could round a number).
            lines.add("{\"topic\":\"dbserver1.public." + table + "\",\"key\":" + raw(f, r.key()) + ",\"value\":"
                    + raw(f, r.value()) + "}");
        }
        return lines;
    }
}
