package io.sluice.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sluice.core.json.Json;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the reports of one flush: reads every figure ({@link Figures}, from the state stores), builds the seed's
 * reports ({@link Reports}) and puts each under its key, JSON and, with {@code reports.parquet}, Parquet beside it
 * ({@link ParquetReports}). Also writes closed hourly windows ({@link #writeWindow}). A failure part-way stops the
 * flush (as the seed) and is thrown; the next flush writes every report again from the state, so nothing is lost.
 * Flushes are serialised ({@code synchronized}): the timer, {@code POST /analytics/flush} and shutdown may race.
 */
final class ReportFlusher {
    private static final Logger log = LoggerFactory.getLogger(ReportFlusher.class);
    static final String FLUSH_METRIC = "sluice.analytics.flush";
    static final String REPORTS_METRIC = "sluice.analytics.reports.written";

    private final Supplier<Figures> figures;
    private final S3Reports store;
    private final int topN;
    private final ZoneId zone;
    private final ParquetReports parquet;
    private final InstantSource clock;
    private final Timer flushTimer;
    private final Counter reportsWritten;

    private volatile Instant lastFlushAt;
    private volatile List<String> lastWritten = List.of();
    private volatile String lastError;

    /**
     * @param store the bucket, or null when {@code S3_BUCKET} is not set (a flush then writes nothing and warns)
     * @param parquet the Parquet writer, or null for JSON only
     */
    ReportFlusher(
            Supplier<Figures> figures,
            S3Reports store,
            int topN,
            ZoneId zone,
            ParquetReports parquet,
            InstantSource clock,
            MeterRegistry registry) {
        this.figures = figures;
        this.store = store;
        this.topN = topN;
        this.zone = zone;
        this.parquet = parquet;
        this.clock = clock;
        this.flushTimer = Timer.builder(FLUSH_METRIC)
                .description("Time to read the figures and write one flush's reports")
                .tag("service", AnalyticsConfig.SERVICE)
                .register(registry);
        this.reportsWritten = Counter.builder(REPORTS_METRIC)
                .description("Report objects written to S3 (JSON and Parquet, hourly windows included)")
                .tag("service", AnalyticsConfig.SERVICE)
                .register(registry);
    }

    boolean hasStore() {
        return store != null;
    }

    /**
     * Writes every report now.
     *
     * @return the keys written, in order
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the state is not queryable
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails (the reports after it are not written)
     */
    synchronized List<String> flush() {
        if (store == null) {
            log.warn("{}: S3_BUCKET is not set, reports are not written", AnalyticsConfig.SERVICE);
            return List.of();
        }
        Timer.Sample sample = Timer.start();
        try {
            Instant now = clock.instant();
            List<String> written = new ArrayList<>();
            for (Reports.Report r : Reports.all(figures.get(), now, topN)) {
                written.addAll(write(r.key(), r.type(), r.body()));
            }
            lastFlushAt = now;
            lastWritten = List.copyOf(written);
            lastError = null;
            log.info(
                    "{}: flushed {} report objects to s3://{}/",
                    AnalyticsConfig.SERVICE,
                    written.size(),
                    store.bucket());
            return written;
        } catch (RuntimeException e) {
            lastError = e.toString();
            throw e;
        } finally {
            sample.stop(flushTimer);
        }
    }

    /** Writes one closed hour under {@code analytics/hourly_sales/<YYYYmmdd_HH>}: the hourly emitter's sink. */
    void writeWindow(HourlyWindowEmitter.Window w) {
        if (store == null) {
            return;
        }
        write(Reports.hourlyKey(w, zone), Reports.Type.HOURLY_SALES, Reports.hourly(w, clock.instant(), zone));
    }

    private List<String> write(String key, Reports.Type type, java.util.Map<String, Object> body) {
        List<String> keys = new ArrayList<>(2);
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the " + type.folder() + " report: " + e.getMessage(), e);
        }
        store.put(key + ".json", json, "application/json");
        keys.add(key + ".json");
        reportsWritten.increment();
        if (parquet != null) {
            store.put(key + ".parquet", parquet.render(type, body), "application/vnd.apache.parquet");
            keys.add(key + ".parquet");
            reportsWritten.increment();
        }
        return keys;
    }

    Instant lastFlushAt() {
        return lastFlushAt;
    }

    List<String> lastWritten() {
        return lastWritten;
    }

    String lastError() {
        return lastError;
    }
}
