package io.sluice.analytics;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of the source's {@code orders} table as the analytics needs it.
 *
 * @param id the order's primary key
 * @param customerId {@code customer_id}
 * @param totalAmount {@code total_amount}, exact
 * @param status {@code status}; {@code unknown} when the row has none (the seed's default)
 * @param createdAt {@code created_at}; the change's commit time when the row has none
 */
public record OrderRow(long id, long customerId, BigDecimal totalAmount, String status, Instant createdAt) {}
