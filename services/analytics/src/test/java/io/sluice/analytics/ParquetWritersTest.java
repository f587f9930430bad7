package io.sluice.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import blue.strategic.parquet.Hydrator;
import blue.strategic.parquet.HydratorSupplier;
import blue.strategic.parquet.ParquetReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetWritersTest {
    static final Instant NOW = Instant.parse("2026-12-04T23:15:00Z");

    @TempDir
    Path dir;

    private Figures figures() {
        TreeMap<String, SalesFigures> daily = new TreeMap<>(Map.of(
                "2026-12-03", new SalesFigures(new BigDecimal("29.99"), 1),
                "2026-12-04", new SalesFigures(new BigDecimal("1329.98"), 2)));
        return new Figures(
                daily,
                Map.of(1L, new ProductFigures(1, new BigDecimal("1299.99"), 1)),
                Map.of(42L, new SalesFigures(new BigDecimal("1359.97"), 3)),
                new TreeMap<>(Map.of("pending", 2L, "shipped", 1L)));
    }

    /** Rows as column → value, read back with parquet-floor's reader. */
    private List<Map<String, Object>> read(byte[] parquet) throws Exception {
        Path file = dir.resolve("r.parquet");
        Files.write(file, parquet);
        Hydrator<Map<String, Object>, Map<String, Object>> rows = new Hydrator<>() {
            @Override
            public Map<String, Object> start() {
                return new LinkedHashMap<>();
            }

            @Override
            public Map<String, Object> add(Map<String, Object> row, String column, Object value) {
                row.put(column, value);
                return row;
            }

            @Override
            public Map<String, Object> finish(Map<String, Object> row) {
                return row;
            }
        };
        try (var stream = ParquetReader.streamContent(file.toFile(), HydratorSupplier.constantly(rows))) {
            return stream.toList();
        }
    }

    @Test
    void a_report_is_written_as_parquet_without_hadoop_with_exact_money() throws Exception {
        assertThat(ParquetWritersTest.class.getClassLoader().getResource("org/apache/hadoop/conf/Configuration.class"))
                .as("only parquet-floor's stand-in for Hadoop's Configuration")
                .asString()
                .contains("parquet-floor");
        List<Reports.Report> reports = Reports.all(figures(), NOW, 100);
        ParquetReports parquet = ParquetWriters.create();

        byte[] daily = parquet.render(Reports.Type.DAILY_SALES, reports.get(0).body());
        assertThat(new String(daily, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("PAR1");
        List<Map<String, Object>> rows = read(daily);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1))
                .containsEntry("report_type", "daily_sales")
                .containsEntry("date", "2026-12-04")
                .containsEntry("total_amount", 132998L) // DECIMAL(18,2): the unscaled value
                .containsEntry("order_count", 2L);

        List<Map<String, Object>> summary =
                read(parquet.render(Reports.Type.SUMMARY, reports.get(4).body()));
        assertThat(summary).hasSize(1);
        assertThat(summary.getFirst())
                .containsEntry("report_type", "summary")
                .containsEntry("total_orders", 3L)
                .containsEntry("order_status_breakdown", "{\"pending\":2,\"shipped\":1}");
        assertThat(ParquetWriters.schema(
                                Reports.Type.SUMMARY,
                                ParquetWriters.rows(
                                                Reports.Type.SUMMARY,
                                                reports.get(4).body())
                                        .getFirst())
                        .getType("total_revenue")
                        .getLogicalTypeAnnotation()
                        .toString())
                .isEqualTo("DECIMAL(18,2)");
    }
}
