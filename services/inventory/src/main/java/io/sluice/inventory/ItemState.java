package io.sluice.inventory;

import io.sluice.cdc.SourcePosition;

/**
 * An order item as last applied: its product, its quantity (0 once deleted) and the position of that event.
 */
record ItemState(long itemId, long productId, long quantity, SourcePosition position) {}
