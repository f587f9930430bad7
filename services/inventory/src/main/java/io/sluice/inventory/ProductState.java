package io.sluice.inventory;

import io.sluice.cdc.SourcePosition;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A product's stored state with its bookkeeping (ADR 0011). Mutable: {@link StockRules} changes a copy loaded for
 * one batch, and the store writes it back. Not thread-safe.
 */
final class ProductState {
    final long productId;
    String name;
    String description;
    BigDecimal price;
    long cdcTimestamp;
    Instant lastUpdated;
    /** The newest product event applied. */
    SourcePosition productPosition;
    /** {@code stock_quantity} of that event. */
    long sourceStock;
    /** Position of the newest version whose {@code stock_quantity} differs from the one before it. */
    SourcePosition stockPosition;
    /** {@code sourceStock} minus the ledger's deltas after {@code stockPosition}. */
    long stock;
    /** Deleted in the source: hidden, stock frozen, item changes absorbed. */
    boolean deleted;

    ProductState(long productId) {
        this.productId = productId;
    }

    ProductState copy() {
        ProductState c = new ProductState(productId);
        c.name = name;
        c.description = description;
        c.price = price;
        c.cdcTimestamp = cdcTimestamp;
        c.lastUpdated = lastUpdated;
        c.productPosition = productPosition;
        c.sourceStock = sourceStock;
        c.stockPosition = stockPosition;
        c.stock = stock;
        c.deleted = deleted;
        return c;
    }

    InventoryItem toItem() {
        return new InventoryItem(productId, name, description, price, stock, lastUpdated, cdcTimestamp);
    }
}
