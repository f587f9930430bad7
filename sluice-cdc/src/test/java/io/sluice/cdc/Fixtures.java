package io.sluice.cdc;

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
 * The events captured from a real run (cdc-source's {@code CaptureFixturesIT}: the shop scenario through Debezium
 * 3.6.1 and PostgreSQL 18 into Kafka), one JSON line per Kafka record: {@code {"topic","key","value"}}.
 *
 * <ul>
 *   <li>{@code flattened}: the original's deployed format (precise decimals as base64, MicroTimestamp);
 *   <li>{@code full}: the before/after/source envelope, same encodings;
 *   <li>{@code flattened-string-connect}: decimal.handling.mode=string, time.precision.mode=connect (milliseconds);
 *   <li>{@code full-double-connect}: decimal.handling.mode=double (JSON numbers), connect timestamps.
 * </ul>
 *
 * Each has a {@code measures} table besides the shop's: an unconstrained NUMERIC (VariableScaleDecimal when
 * precise) and a TIMESTAMPTZ (ISO strings).
 */
final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Line(String topic, String value) {
        byte[] bytes() {
            return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        }
    }

    private Fixtures() {}

    static List<Line> load(String name) {
        String path = "/debezium/" + name + ".jsonl";
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
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
                // the value as text, exactly as captured: re-read by the decoder under test
                int at = l.indexOf("\"value\":") + "\"value\":".length();
                String value = n.get("value").isNull() ? null : l.substring(at, l.length() - 1);
                lines.add(new Line(n.get("topic").asText(), value));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
