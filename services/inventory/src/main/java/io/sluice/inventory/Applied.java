package io.sluice.inventory;

import java.util.List;

/**
 * What one {@link InventoryStore#apply} did, for counters and logs.
 *
 * @param applied events that changed state
 * @param stale events not after what was stored (replays, redeliveries): nothing changed
 * @param absorbed order-item changes for a deleted product: recorded, never counted against stock
 * @param pending order-item changes whose product does not exist yet: waiting
 * @param oversold products whose stock went below zero in this write
 * @param alerts low-stock crossings raised by this write (also kept by the store until published)
 */
public record Applied(int applied, int stale, int absorbed, int pending, int oversold, List<LowStockAlert> alerts) {
    public static final Applied NOTHING = new Applied(0, 0, 0, 0, 0, List.of());

    public Applied {
        alerts = List.copyOf(alerts);
    }
}
