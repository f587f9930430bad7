package io.sluice.inventory;

import io.sluice.cdc.SourcePosition;
import java.time.Instant;

/**
 * An order-item event whose product did not exist when it was applied: its ledger row waits, uncounted, until the
 * product appears (then it counts) or until it expires (then it goes to the dead-letter topic and its ledger row is
 * removed, so it never counts).
 *
 * @param productId the product it waits for
 * @param position the item event's position (with {@code productId} and {@code itemId}: its ledger key)
 * @param itemId the order item
 * @param topic the record's topic
 * @param partition the record's partition
 * @param offset the record's offset
 * @param key the record's key bytes, or null
 * @param value the record's value bytes
 * @param firstSeen when it was applied
 */
public record PendingItem(
        long productId,
        SourcePosition position,
        long itemId,
        String topic,
        int partition,
        long offset,
        byte[] key,
        byte[] value,
        Instant firstSeen) {}
