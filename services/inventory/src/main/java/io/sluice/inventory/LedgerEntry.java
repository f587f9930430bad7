package io.sluice.inventory;

import io.sluice.cdc.SourcePosition;

/**
 * One applied item delta: {@code delta} more units taken from {@code productId} by the item change at
 * {@code position} (negative: given back). Keyed by (product, position, item).
 */
record LedgerEntry(long productId, SourcePosition position, long itemId, long delta) {}
