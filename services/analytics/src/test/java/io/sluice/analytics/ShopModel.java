package io.sluice.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A shop's traffic for integration tests: Debezium events (flattened, decimals as base64 as Debezium sends them) of
 * orders created with 0 and given their amount afterwards, items, status changes and deletes, and the figures SQL
 * would give over the rows that remain ({@code SELECT ... GROUP BY}), computed from those rows directly.
 */
final class ShopModel {
    record Event(boolean order, long id, String json) {}

    private static final String[] PRICES = {"29.99", "1299.99", "0.10", "5.25", "19.99"};
    private final Map<Long, OrderRow> orders = new HashMap<>();
    private final Map<Long, ItemRow> items = new HashMap<>();
    private final List<Event> events = new ArrayList<>();
    private long lsn = 1_000;

    /** {@code count} orders from id {@code firstId}, seeded. */
    static ShopModel generate(long firstId, int count, long seed) {
        ShopModel m = new ShopModel();
        Random r = new Random(seed);
        long itemId = firstId * 10;
        Instant base = Instant.parse("2026-12-03T20:00:00Z");
        for (long id = firstId; id < firstId + count; id++) {
            long customer = 1 + r.nextInt(12);
            Instant created = base.plusSeconds(r.nextInt(36 * 3600));
            m.order("c", new OrderRow(id, customer, new BigDecimal("0.00"), "pending", created));
            BigDecimal total = BigDecimal.ZERO;
            List<ItemRow> mine = new ArrayList<>();
            for (int k = 0; k < 1 + r.nextInt(3); k++) {
                ItemRow it = new ItemRow(
                        itemId++, id, 1 + r.nextInt(15), 1 + r.nextInt(5), new BigDecimal(PRICES[r.nextInt(5)]));
                m.item("c", it);
                mine.add(it);
                total = total.add(it.revenue());
            }
            m.order("u", new OrderRow(id, customer, total, "pending", created));
            int fate = r.nextInt(10);
            if (fate < 4) {
                m.order("u", new OrderRow(id, customer, total, "shipped", created));
            }
            if (fate == 5) {
                ItemRow first = mine.getFirst();
                ItemRow more = new ItemRow(first.id(), id, first.productId(), first.quantity() + 2, first.price());
                m.item("u", more);
                m.order(
                        "u",
                        new OrderRow(id, customer, total.add(first.price().multiply(BigDecimal.TWO)), "paid", created));
            }
            if (fate == 7) {
                mine.forEach(it -> m.item("d", it));
                m.order("d", new OrderRow(id, customer, total, "pending", created));
            }
        }
        return m;
    }

    private void order(String op, OrderRow o) {
        lsn += 8;
        events.add(new Event(true, o.id(), Events.orderBase64(op, o, lsn)));
        if (op.equals("d")) {
            orders.remove(o.id());
        } else {
            orders.put(o.id(), o);
        }
    }

    private void item(String op, ItemRow i) {
        lsn += 8;
        events.add(new Event(false, i.id(), Events.itemBase64(op, i, lsn)));
        if (op.equals("d")) {
            items.remove(i.id());
        } else {
            items.put(i.id(), i);
        }
    }

    /** Adds rows that exist without events here (those of the captured fixture). */
    void addRows(List<OrderRow> o, List<ItemRow> i) {
        o.forEach(x -> orders.put(x.id(), x));
        i.forEach(x -> items.put(x.id(), x));
    }

    List<Event> events() {
        return events;
    }

    static String base64(BigDecimal v) {
        return Base64.getEncoder().encodeToString(v.setScale(2).unscaledValue().toByteArray());
    }

    /** The summary report's {@code metrics}, as SQL over the rows gives them. */
    Map<String, Object> summaryMetrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total_orders", orders.size());
        m.put(
                "total_revenue",
                Reports.money(
                        orders.values().stream().map(OrderRow::totalAmount).reduce(BigDecimal.ZERO, BigDecimal::add)));
        Set<Long> customers = new HashSet<>();
        orders.values().forEach(o -> customers.add(o.customerId()));
        m.put("unique_customers", customers.size());
        Set<Long> products = new HashSet<>();
        items.values().forEach(i -> products.add(i.productId()));
        m.put("unique_products_sold", products.size());
        Map<String, Object> status = new TreeMap<>();
        orders.values().forEach(o -> status.merge(o.status(), 1L, (a, b) -> (Long) a + (Long) b));
        m.put("order_status_breakdown", status);
        return m;
    }

    /** Hourly windows' data by key suffix ({@code 20261204_09}, UTC): {total_amount, order_count}. */
    Map<String, Object> hourlySales() {
        java.time.format.DateTimeFormatter hour =
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd_HH").withZone(ZoneOffset.UTC);
        Map<String, SalesFigures> byHour = new TreeMap<>();
        orders.values()
                .forEach(o -> byHour.merge(
                        hour.format(o.createdAt()),
                        SalesFigures.ZERO.plus(o),
                        (a, b) -> new SalesFigures(
                                a.totalAmount().add(b.totalAmount()), a.orderCount() + b.orderCount())));
        Map<String, Object> out = new LinkedHashMap<>();
        byHour.forEach((h, s) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("total_amount", Reports.money(s.totalAmount()));
            v.put("order_count", s.orderCount());
            out.put(h, v);
        });
        return out;
    }

    /** {@code daily_sales} data: date → {total_amount, order_count}. */
    Map<String, Object> dailySales() {
        Map<String, SalesFigures> byDate = new TreeMap<>();
        orders.values()
                .forEach(o -> byDate.merge(
                        LocalDate.ofInstant(o.createdAt(), ZoneOffset.UTC).toString(),
                        SalesFigures.ZERO.plus(o),
                        (a, b) -> new SalesFigures(
                                a.totalAmount().add(b.totalAmount()), a.orderCount() + b.orderCount())));
        Map<String, Object> out = new LinkedHashMap<>();
        byDate.forEach((d, s) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("total_amount", Reports.money(s.totalAmount()));
            v.put("order_count", s.orderCount());
            out.put(d, v);
        });
        return out;
    }
}
