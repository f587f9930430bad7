package io.sluice.analytics;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A consistent-enough copy of every figure the reports need, read from the state stores at one moment ({@link
 * StoreFigures}). Entries whose figures dropped to nothing (every order of a day deleted, say) are left out, as SQL's
 * {@code GROUP BY} leaves them out.
 *
 * @param dailySales date ({@code YYYY-MM-DD}) to the day's orders, in date order
 * @param products product id to its items' figures
 * @param customers customer id to its orders' figures
 * @param statusCounts status to the number of orders in it, by status
 */
public record Figures(
        SortedMap<String, SalesFigures> dailySales,
        Map<Long, ProductFigures> products,
        Map<Long, SalesFigures> customers,
        SortedMap<String, Long> statusCounts) {

    /** COUNT(*) of orders. */
    public long totalOrders() {
        return statusCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** SUM(total_amount) of orders. */
    public BigDecimal totalRevenue() {
        return dailySales.values().stream().map(SalesFigures::totalAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The {@code limit} products with the highest revenue (ties: lower id first). */
    public List<Map.Entry<Long, ProductFigures>> topProducts(int limit) {
        return products.entrySet().stream()
                .sorted(Comparator.<Map.Entry<Long, ProductFigures>, BigDecimal>comparing(
                                e -> e.getValue().totalRevenue())
                        .reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(limit)
                .toList();
    }

    /** The {@code limit} customers who spent most (ties: lower id first). */
    public List<Map.Entry<Long, SalesFigures>> topCustomers(int limit) {
        return customers.entrySet().stream()
                .sorted(Comparator.<Map.Entry<Long, SalesFigures>, BigDecimal>comparing(
                                e -> e.getValue().totalAmount())
                        .reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(limit)
                .toList();
    }
}
