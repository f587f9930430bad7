package io.sluice.analytics;

import java.math.BigDecimal;

/**
 * A product's order items summed ({@code product_sales}). Immutable; money exact.
 *
 * @param quantitySold Σ quantity
 * @param totalRevenue Σ price × quantity
 * @param items how many order items name the product (0: it was sold by no current item)
 */
public record ProductFigures(long quantitySold, BigDecimal totalRevenue, long items) {
    static final ProductFigures ZERO = new ProductFigures(0, BigDecimal.ZERO, 0);

    ProductFigures plus(ItemRow item) {
        return new ProductFigures(quantitySold + item.quantity(), totalRevenue.add(item.revenue()), items + 1);
    }

    ProductFigures minus(ItemRow item) {
        return new ProductFigures(quantitySold - item.quantity(), totalRevenue.subtract(item.revenue()), items - 1);
    }

    boolean isEmpty() {
        return items == 0;
    }
}
