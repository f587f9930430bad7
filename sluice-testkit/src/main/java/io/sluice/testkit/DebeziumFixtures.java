package io.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Debezium change events captured from a real run (cdc-source's {@code CaptureFixturesIT}: the shop scenario through
 * Debezium 3.6.1 and PostgreSQL 18 into Kafka), one JSON line per Kafka record {@code {"topic","key","value"}}, in
 * {@code src/main/resources/debezium/}. The one copy every module's tests read (sluice-cdc, inventory, search,
 * analytics):
 *
 * <ul>
 *   <li>{@code flattened}: the original's deployed format (precise decimals as base64, MicroTimestamp);
 *   <li>{@code full}: the before/after/source envelope, same encodings;
 *   <li>{@code flattened-string-connect}: decimal.handling.mode=string, time.precision.mode=connect (milliseconds);
 *   <li>{@code full-double-connect}: decimal.handling.mode=double (JSON numbers), connect timestamps.
 * </ul>
 *
 * Each has a {@code measures} table besides the shop's: an unconstrained NUMERIC (VariableScaleDecimal when precise)
 * and a TIMESTAMPTZ (ISO strings).
 */
public final class DebeziumFixtures {
    /** Every fixture. */
    public static final List<String> NAMES =
            List.of("flattened", "full", "flattened-string-connect", "full-double-connect");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One captured record.
     *
     * @param topic the topic it was read from
     * @param key the key as JSON text, or null
     * @param value the value exactly as captured, byte for byte, or null for a tombstone
     */
    public record Line(String topic, String key, String value) {
        public byte[] valueBytes() {
            return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        }

        public byte[] keyBytes() {
            return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        }
    }

    private DebeziumFixtures() {}

    /** The records of one fixture, in capture order. */
    public static List<Line> load(String name) {
        String path = "/debezium/" + name + ".jsonl";
        try (InputStream in = DebeziumFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + path);
            }
            List<Line> lines = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String l; (l = reader.readLine()) != null; ) {
                if (l.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(l);
                // The value as text, exactly as captured: re-read by the decoder under test.
                int at = l.indexOf("\"value\":") + "\"value\":".length();
                String value = n.get("value").isNull() ? null : l.substring(at, l.length() - 1);
                String key = n.get("key").isNull() ? null : JSON.writeValueAsString(n.get("key"));
                lines.add(new Line(n.get("topic").asText(), key, value));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
