package io.sluice.analytics;

import io.sluice.core.config.ConfigException;

/** The Parquet writer for {@code services.analytics.reports.parquet=true}. */
final class ParquetWriters {
    private ParquetWriters() {}

    static ParquetReports create() {
        throw new ConfigException(AnalyticsConfig.PREFIX + ".reports.parquet=true: no Parquet writer is built in yet;"
                + " set it to false");
    }
}
