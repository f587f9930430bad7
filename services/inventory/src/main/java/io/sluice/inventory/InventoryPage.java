package io.sluice.inventory;

import java.util.List;

/**
 * One page of products in {@code product_id} order.
 *
 * @param items at most the limit asked for
 * @param nextCursor what to pass as {@code cursor} for the next page; null on the last page
 */
public record InventoryPage(List<InventoryItem> items, String nextCursor) {
    public InventoryPage {
        items = List.copyOf(items);
    }
}
