package io.sluice.analytics;

import blue.strategic.parquet.ParquetWriter;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Reports as Parquet ({@code services.analytics.reports.parquet=true}) without Hadoop on the class path: parquet-floor
 * ({@code blue.strategic.parquet:parquet-floor}), which ships the few {@code org.apache.hadoop} classes
 * parquet-hadoop's writer touches, over parquet-java. It writes only to a local file, so each report goes through a
 * temporary file.
 *
 * <p>One row per entry of the report's {@code data} ({@code daily_sales}: {@code date, total_amount, order_count};
 * {@code product_sales}: {@code product_id, quantity_sold, total_revenue}; {@code customer_metrics}: {@code
 * customer_id, total_spent, order_count}; {@code order_status}: {@code status, count}), one row for the summary (its
 * {@code order_status_breakdown} as a JSON string) and for an hourly window ({@code window_start, window_end,
 * total_amount, order_count}); every row also has {@code report_type} and {@code generated_at}. Money is {@code
 * DECIMAL(18,2)} in an INT64 (exact), counts and ids INT64, the rest UTF-8 strings. Stateless and thread-safe.
 */
final class ParquetWriters implements ParquetReports {
    private static final int PRECISION = 18;
    private static final int SCALE = 2;

    static ParquetReports create() {
        return new ParquetWriters();
    }

    @Override
    public byte[] render(Reports.Type type, Map<String, Object> body) {
        List<Map<String, Object>> rows = rows(type, body);
        MessageType schema = schema(type, rows.getFirst());
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sluice-parquet-");
            Path file = dir.resolve("report.parquet");
            try (ParquetWriter<Map<String, Object>> writer = ParquetWriter.writeFile(
                    schema, file.toFile(), (row, out) -> row.forEach((k, v) -> out.write(k, value(v))))) {
                for (Map<String, Object> row : rows) {
                    writer.write(row);
                }
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + type.folder() + " report as Parquet: " + e, e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** The report flattened to rows of column → value (String, Long or BigDecimal), in column order. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(Reports.Type type, Map<String, Object> body) {
        Map<String, Object> base = new LinkedHashMap<>();
        body.forEach((k, v) -> {
            if (v instanceof String) {
                base.put(k, v);
            }
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        if (body.get("metrics") instanceof Map<?, ?> metrics) {
            Map<String, Object> row = new LinkedHashMap<>(base);
            ((Map<String, Object>) metrics).forEach((k, v) -> row.put(k, v instanceof Map ? json(v) : v));
            rows.add(row);
        } else if (type == Reports.Type.HOURLY_SALES) {
            Map<String, Object> row = new LinkedHashMap<>(base);
            row.putAll((Map<String, Object>) body.get("data"));
            rows.add(row);
        } else {
            String keyColumn = keyColumn(type);
            ((Map<String, Object>) body.get("data")).forEach((key, v) -> {
                Map<String, Object> row = new LinkedHashMap<>(base);
                row.put(keyColumn, keyColumn.endsWith("_id") ? (Object) Long.parseLong(key) : key);
                if (v instanceof Map<?, ?> fields) {
                    row.putAll((Map<String, Object>) fields);
                } else {
                    row.put("count", v);
                }
                rows.add(row);
            });
        }
        if (rows.isEmpty()) {
            rows.add(base);
        }
        return rows;
    }

    private static String keyColumn(Reports.Type type) {
        return switch (type) {
            case DAILY_SALES -> "date";
            case PRODUCT_SALES -> "product_id";
            case CUSTOMER_METRICS -> "customer_id";
            default -> "status";
        };
    }

    static MessageType schema(Reports.Type type, Map<String, Object> row) {
        List<Type> fields = new ArrayList<>();
        row.forEach((name, v) -> fields.add(
                switch (v) {
                    case BigDecimal d ->
                        Types.required(PrimitiveType.PrimitiveTypeName.INT64)
                                .as(LogicalTypeAnnotation.decimalType(SCALE, PRECISION))
                                .named(name);
                    case Number n ->
                        Types.required(PrimitiveType.PrimitiveTypeName.INT64).named(name);
                    default ->
                        Types.required(PrimitiveType.PrimitiveTypeName.BINARY)
                                .as(LogicalTypeAnnotation.stringType())
                                .named(name);
                }));
        return new MessageType(type.reportType(), fields);
    }

    /** What parquet-floor's writer takes for the column: a Long (money unscaled at scale 2), or a String. */
    private static Object value(Object v) {
        return switch (v) {
            case BigDecimal d ->
                d.setScale(SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
            case Number n -> n.longValue();
            default -> String.valueOf(v);
        };
    }

    private static String json(Object v) {
        try {
            return Json.mapper().writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
