package io.sluice.search;

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
 * Debezium events captured from a real run (copied from sluice-cdc's test resources, see its {@code Fixtures}): one
 * JSON line per Kafka record, {@code {"topic","key","value"}}; the value is kept byte for byte as captured.
 */
final class Fixtures {
    static final List<String> NAMES = List.of("flattened", "full", "flattened-string-connect", "full-double-connect");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Line(String topic, String key, String value) {
        byte[] valueBytes() {
            return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        }

        byte[] keyBytes() {
            return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
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
