package io.sluice.inventory;

import io.sluice.cdc.SourcePosition;

/**
 * A version of an {@code order_items} row or its deletion. The raw record (topic, partition, offset, value) travels
 * beside it in {@link io.sluice.core.consumer.Decoded}, for the dead-letter topic when its product never appears.
 *
 * @param itemId {@code id}
 * @param productId {@code product_id} of this version (of the row before a delete)
 * @param quantity {@code quantity} of this version (of the row before a delete)
 * @param deleted whether the row was deleted
 * @param position the change's source position
 */
public record ItemChange(long itemId, long productId, long quantity, boolean deleted, SourcePosition position)
        implements InventoryChange {}
