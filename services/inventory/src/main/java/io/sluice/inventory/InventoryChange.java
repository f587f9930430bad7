package io.sluice.inventory;

import io.sluice.cdc.SourcePosition;

/**
 * One decoded change the inventory applies: a {@link ProductChange} or an {@link ItemChange}. Immutable.
 */
public sealed interface InventoryChange permits ProductChange, ItemChange {

    /** Where the change sits in the source's log; stores order and deduplicate by it. */
    SourcePosition position();
}
