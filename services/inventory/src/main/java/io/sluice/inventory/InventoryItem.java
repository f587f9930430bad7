package io.sluice.inventory;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A product as the API shows it (the seed's item: {@code product_id}, {@code name}, {@code description},
 * {@code price}, {@code stock_quantity}, {@code last_updated}, {@code cdc_timestamp}), plus {@code oversold}.
 *
 * @param price exact, with the scale the source sent; the API renders it with two decimals
 * @param stockQuantity the derived stock (ADR 0011); may be negative
 * @param lastUpdated when this service last changed the row
 * @param cdcTimestamp source commit time of the newest product event applied, epoch milliseconds
 */
public record InventoryItem(
        long productId,
        String name,
        String description,
        BigDecimal price,
        long stockQuantity,
        Instant lastUpdated,
        long cdcTimestamp) {

    /** Whether more was ordered than the source had in stock. */
    public boolean oversold() {
        return stockQuantity < 0;
    }
}
