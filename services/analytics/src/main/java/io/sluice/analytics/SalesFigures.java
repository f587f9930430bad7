package io.sluice.analytics;

import java.math.BigDecimal;

/**
 * Orders summed: a day's ({@code daily_sales}), an hour's (hourly windows) or a customer's ({@code
 * customer_metrics}: {@code total_spent} is {@code totalAmount}). Immutable; money exact.
 */
public record SalesFigures(BigDecimal totalAmount, long orderCount) {
    static final SalesFigures ZERO = new SalesFigures(BigDecimal.ZERO, 0);

    SalesFigures plus(OrderRow order) {
        return new SalesFigures(totalAmount.add(order.totalAmount()), orderCount + 1);
    }

    SalesFigures minus(OrderRow order) {
        return new SalesFigures(totalAmount.subtract(order.totalAmount()), orderCount - 1);
    }

    boolean isEmpty() {
        return orderCount == 0;
    }
}
