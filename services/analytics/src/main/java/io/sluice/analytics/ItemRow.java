package io.sluice.analytics;

import java.math.BigDecimal;

/**
 * One row of the source's {@code order_items} table as the analytics needs it.
 *
 * @param id the item's primary key
 * @param orderId {@code order_id}
 * @param productId {@code product_id}
 * @param quantity {@code quantity}
 * @param price {@code price} (per unit), exact
 */
public record ItemRow(long id, long orderId, long productId, long quantity, BigDecimal price) {

    /** What the line earns: price × quantity, exact. */
    public BigDecimal revenue() {
        return price.multiply(BigDecimal.valueOf(quantity));
    }
}
