package io.sluice.inventory;

import io.sluice.cdc.SourcePosition;
import java.math.BigDecimal;

/**
 * A version of a {@code products} row (snapshot read, insert, update) or its deletion.
 *
 * @param productId {@code id}
 * @param position the change's source position
 * @param deleted whether the row was deleted (the other fields are then the row before the delete)
 * @param name {@code name}
 * @param description {@code description}, or null
 * @param price {@code price}, exact
 * @param stockQuantity {@code stock_quantity} of this version
 * @param sourceTimeMs when the change was committed in the source ({@code ts_ms}), epoch milliseconds
 */
public record ProductChange(
        long productId,
        SourcePosition position,
        boolean deleted,
        String name,
        String description,
        BigDecimal price,
        long stockQuantity,
        long sourceTimeMs)
        implements InventoryChange {}
