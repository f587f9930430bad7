package io.sluice.analytics;

import java.util.Map;

/** Renders a report body as a Parquet file. */
interface ParquetReports {
    byte[] render(Reports.Type type, Map<String, Object> body);
}
