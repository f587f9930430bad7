package io.sluice.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's reports (SPEC.md §5.4) built from {@link Figures}: the same S3 keys ({@code
 * analytics/<type>/<YYYYmmdd_HHMMSS>.json}, UTC), the same JSON shapes and {@code report_type} strings; money as
 * JSON numbers with two decimals ({@code 1329.98}), exact. Like the seed, a report whose figures are empty is not
 * written, except the summary. Stateless.
 */
public final class Reports {
    /** The stamp in report keys: UTC, {@code 20261204_231500}. */
    static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private Reports() {}

    /** A report type: the key's folder and the body's {@code report_type}. */
    public enum Type {
        DAILY_SALES("daily_sales", "daily_sales"),
        PRODUCT_SALES("product_sales", "product_sales"),
        CUSTOMER_METRICS("customer_metrics", "customer_metrics"),
        ORDER_STATUS("order_status", "order_status_distribution"),
        SUMMARY("summary", "summary"),
        HOURLY_SALES("hourly_sales", "hourly_sales");

        private final String folder;
        private final String reportType;

        Type(String folder, String reportType) {
            this.folder = folder;
            this.reportType = reportType;
        }

        /** {@code daily_sales}: the key's folder, {@code analytics/<folder>/}. */
        public String folder() {
            return folder;
        }

        public String reportType() {
            return reportType;
        }

        /** {@code analytics/<folder>/}. */
        public String prefix() {
            return "analytics/" + folder + "/";
        }

        /** The type of a folder name, or null. */
        public static Type ofFolder(String folder) {
            for (Type t : values()) {
                if (t.folder.equals(folder)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** One report: its S3 key (without extension) and its body. */
    public record Report(Type type, String key, Map<String, Object> body) {}

    /**
     * Every report of one flush, in the seed's order; empty ones left out, the summary always in.
     *
     * @param now the flush's time: the keys' stamp and {@code generated_at}
     */
    public static List<Report> all(Figures f, Instant now, int topN) {
        String stamp = STAMP.format(now);
        List<Report> out = new java.util.ArrayList<>();
        if (!f.dailySales().isEmpty()) {
            out.add(report(Type.DAILY_SALES, stamp, withData(Type.DAILY_SALES, now, dailySales(f))));
        }
        if (!f.products().isEmpty()) {
            out.add(report(Type.PRODUCT_SALES, stamp, withData(Type.PRODUCT_SALES, now, topProducts(f, topN))));
        }
        if (!f.customers().isEmpty()) {
            out.add(report(Type.CUSTOMER_METRICS, stamp, withData(Type.CUSTOMER_METRICS, now, topCustomers(f, topN))));
        }
        if (!f.statusCounts().isEmpty()) {
            out.add(report(Type.ORDER_STATUS, stamp, withData(Type.ORDER_STATUS, now, statusCounts(f))));
        }
        out.add(report(Type.SUMMARY, stamp, summary(f, now)));
        return out;
    }

    private static Report report(Type type, String stamp, Map<String, Object> body) {
        return new Report(type, type.prefix() + stamp, body);
    }

    /** {@code {"report_type","generated_at","data"}}. */
    static Map<String, Object> withData(Type type, Instant now, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report_type", type.reportType());
        body.put("generated_at", generatedAt(now));
        body.put("data", data);
        return body;
    }

    /** {@code {"report_type":"summary","generated_at","metrics":{...}}}. */
    public static Map<String, Object> summary(Figures f, Instant now) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("total_orders", f.totalOrders());
        metrics.put("total_revenue", money(f.totalRevenue()));
        metrics.put("unique_customers", f.customers().size());
        metrics.put("unique_products_sold", f.products().size());
        metrics.put("order_status_breakdown", statusCounts(f));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report_type", Type.SUMMARY.reportType());
        body.put("generated_at", generatedAt(now));
        body.put("metrics", metrics);
        return body;
    }

    /** date → {@code {total_amount, order_count}}, dates ascending, those in [from, to] (either may be null). */
    public static Map<String, Object> dailySales(Figures f, String from, String to) {
        Map<String, Object> data = new LinkedHashMap<>();
        f.dailySales().forEach((date, s) -> {
            if ((from == null || date.compareTo(from) >= 0) && (to == null || date.compareTo(to) <= 0)) {
                data.put(date, sales(s, "total_amount"));
            }
        });
        return data;
    }

    static Map<String, Object> dailySales(Figures f) {
        return dailySales(f, null, null);
    }

    /** product id → {@code {quantity_sold, total_revenue}}, highest revenue first. */
    public static Map<String, Object> topProducts(Figures f, int limit) {
        Map<String, Object> data = new LinkedHashMap<>();
        f.topProducts(limit).forEach(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("quantity_sold", e.getValue().quantitySold());
            m.put("total_revenue", money(e.getValue().totalRevenue()));
            data.put(Long.toString(e.getKey()), m);
        });
        return data;
    }

    /** customer id → {@code {order_count, total_spent}}, highest spending first. */
    public static Map<String, Object> topCustomers(Figures f, int limit) {
        Map<String, Object> data = new LinkedHashMap<>();
        f.topCustomers(limit).forEach(e -> data.put(Long.toString(e.getKey()), sales(e.getValue(), "total_spent")));
        return data;
    }

    /** status → count. */
    public static Map<String, Object> statusCounts(Figures f) {
        return new LinkedHashMap<>(f.statusCounts());
    }

    /** One closed hour: {@code {"report_type":"hourly_sales","generated_at","window_start","window_end","data"}}. */
    static Map<String, Object> hourly(HourlyWindowEmitter.Window w, Instant now, java.time.ZoneId zone) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("report_type", Type.HOURLY_SALES.reportType());
        body.put("generated_at", generatedAt(now));
        body.put("window_start", w.start().atZone(zone).toOffsetDateTime().toString());
        body.put("window_end", w.end().atZone(zone).toOffsetDateTime().toString());
        body.put("data", sales(w.figures(), "total_amount"));
        return body;
    }

    /** {@code analytics/hourly_sales/<YYYYmmdd_HH>}: the hour's start in the zone, one key per window. */
    static String hourlyKey(HourlyWindowEmitter.Window w, java.time.ZoneId zone) {
        return Type.HOURLY_SALES.prefix()
                + DateTimeFormatter.ofPattern("yyyyMMdd_HH").format(w.start().atZone(zone));
    }

    private static Map<String, Object> sales(SalesFigures s, String amountName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(amountName, money(s.totalAmount()));
        m.put("order_count", s.orderCount());
        return m;
    }

    /** Two decimals, exact: a JSON number such as {@code 1329.98}. */
    static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_EVEN);
    }

    /** The seed's {@code generated_at}: naive UTC ISO-8601 with microseconds. */
    static String generatedAt(Instant now) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
                .format(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
    }
}
