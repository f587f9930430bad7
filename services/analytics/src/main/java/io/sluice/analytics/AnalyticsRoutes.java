package io.sluice.analytics;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.http.ApiException;
import io.sluice.http.StoreUnavailableException;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The analytics API. Live views, from the state stores: {@code GET /analytics/summary} (the summary report's body),
 * {@code GET /analytics/daily-sales?from=&to=} (dates {@code YYYY-MM-DD}, inclusive), {@code GET
 * /analytics/top-products?limit=}, {@code GET /analytics/top-customers?limit=}, {@code GET /analytics/order-status}
 * (each the body its report would have). Reports: {@code POST /analytics/flush} → {@code {"written": [keys]}}, {@code
 * GET /analytics/reports?type=&limit=} lists the stored ones. A caller mistake is a 400 naming the field; state that is
 * not queryable yet (starting, rebalancing, restoring) or S3 out of reach is a 503.
 */
final class AnalyticsRoutes {
    static final int MAX_LIMIT = 1000;
    static final String STATE = "Analytics state";

    private final Supplier<Figures> figures;
    private final Supplier<Figures> localFigures;
    private final ReportFlusher flusher;
    private final S3Reports s3;
    private final int defaultLimit;
    private final InstantSource clock;

    /**
     * @param figures every instance's figures (the live views)
     * @param localFigures this instance's own, for its peers ({@link FigureGatherer#LOCAL_PATH})
     */
    AnalyticsRoutes(
            Supplier<Figures> figures,
            Supplier<Figures> localFigures,
            ReportFlusher flusher,
            S3Reports s3,
            int defaultLimit,
            InstantSource clock) {
        this.figures = figures;
        this.localFigures = localFigures;
        this.flusher = flusher;
        this.s3 = s3;
        this.defaultLimit = defaultLimit;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get("/analytics/summary", ctx -> ctx.json(Reports.summary(figures(), clock.instant())));
        routes.get("/analytics/daily-sales", this::dailySales);
        routes.get("/analytics/top-products", ctx -> {
            int limit = limit(ctx);
            ctx.json(Reports.withData(
                    Reports.Type.PRODUCT_SALES, clock.instant(), Reports.topProducts(figures(), limit)));
        });
        routes.get("/analytics/top-customers", ctx -> {
            int limit = limit(ctx);
            ctx.json(Reports.withData(
                    Reports.Type.CUSTOMER_METRICS, clock.instant(), Reports.topCustomers(figures(), limit)));
        });
        routes.get(
                "/analytics/order-status",
                ctx -> ctx.json(
                        Reports.withData(Reports.Type.ORDER_STATUS, clock.instant(), Reports.statusCounts(figures()))));
        routes.post("/analytics/flush", this::flush);
        routes.get("/analytics/reports", this::reports);
        routes.get(FigureGatherer.LOCAL_PATH, this::localFigures);
    }

    private void dailySales(Context ctx) {
        String from = date(ctx, "from");
        String to = date(ctx, "to");
        if (from != null && to != null && from.compareTo(to) > 0) {
            throw new ApiException(400, "from must not be after to", Map.of("field", "from", "value", from));
        }
        ctx.json(Reports.withData(Reports.Type.DAILY_SALES, clock.instant(), Reports.dailySales(figures(), from, to)));
    }

    private void flush(Context ctx) {
        if (!flusher.hasStore()) {
            throw new ApiException(409, "No S3 bucket is configured (S3_BUCKET): reports are not written");
        }
        List<String> written;
        try {
            written = flusher.flush();
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(STATE, e);
        } catch (SdkException e) {
            throw new StoreUnavailableException("S3", e);
        }
        ctx.json(Map.of("written", written));
    }

    private void reports(Context ctx) {
        if (s3 == null) {
            throw new ApiException(409, "No S3 bucket is configured (S3_BUCKET): reports are not written");
        }
        String type = ctx.queryParam("type");
        String prefix = "analytics/";
        if (type != null && !type.isEmpty()) {
            Reports.Type t = Reports.Type.ofFolder(type);
            if (t == null) {
                throw new ApiException(
                        400,
                        "type must be one of daily_sales, product_sales, customer_metrics, order_status, summary,"
                                + " hourly_sales",
                        Map.of("field", "type", "value", type));
            }
            prefix = t.prefix();
        }
        int limit = limit(ctx);
        List<S3Reports.Stored> stored;
        try {
            stored = s3.list(prefix, limit);
        } catch (SdkException e) {
            throw new StoreUnavailableException("S3", e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bucket", s3.bucket());
        body.put(
                "reports",
                stored.stream()
                        .map(o -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("key", o.key());
                            m.put("size", o.size());
                            m.put("last_modified", o.lastModified());
                            return m;
                        })
                        .toList());
        ctx.json(body);
    }

    private void localFigures(Context ctx) {
        Figures local;
        try {
            local = localFigures.get();
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(STATE, e);
        }
        ctx.contentType("application/json")
                .result(FigureGatherer.FIGURES.serializer().serialize(null, local));
    }

    private Figures figures() {
        try {
            return figures.get();
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(STATE, e);
        }
    }

    private int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isEmpty()) {
            return defaultLimit;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= 1 && v <= MAX_LIMIT) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the same answer as out of range
        }
        throw new ApiException(
                400, "limit must be an integer between 1 and " + MAX_LIMIT, Map.of("field", "limit", "value", raw));
    }

    private static String date(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(raw.trim()).toString();
        } catch (DateTimeParseException e) {
            throw new ApiException(
                    400, name + " must be a date such as 2026-12-04", Map.of("field", name, "value", raw));
        }
    }
}
