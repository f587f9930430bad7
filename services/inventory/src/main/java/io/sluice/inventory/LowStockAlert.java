package io.sluice.inventory;

import java.time.Instant;

/**
 * A product's stock crossed below the threshold (from {@code >= threshold} to {@code < threshold} in one write).
 *
 * @param id the store's id of the alert (its outbox row); unique per store
 * @param productId the product
 * @param stock the stock after the write
 * @param threshold the threshold crossed
 * @param raisedAt when the write happened
 */
public record LowStockAlert(long id, long productId, long stock, int threshold, Instant raisedAt) {}
