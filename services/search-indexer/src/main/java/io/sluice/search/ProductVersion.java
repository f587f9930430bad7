package io.sluice.search;

import io.sluice.cdc.SourcePosition;
import java.math.BigDecimal;

/**
 * A version of a {@code products} row as the indexer sees it: a snapshot read, insert or update, or a deletion.
 *
 * @param productId {@code id}
 * @param position the change's source position: versions, not arrival order, decide which one is current
 * @param deleted whether the row was deleted (the other fields are then the row before the delete, possibly only its
 *     key: a deletion needs nothing but the id and the position)
 * @param name {@code name} (a missing name is {@code ""}, as the seed)
 * @param description {@code description}, or null
 * @param price {@code price}, exact (null only for a deletion without the row before)
 * @param stockQuantity {@code stock_quantity} (0 when missing, as the seed)
 * @param cdcTimestamp the seed's {@code cdc_timestamp}: the row's {@code updated_at} if the column is present, else
 *     {@code created_at}, in epoch microseconds; null when neither is present or the value is null
 * @param sourceTimeMs when the change was committed in the source ({@code ts_ms}), epoch milliseconds
 */
public record ProductVersion(
        long productId,
        SourcePosition position,
        boolean deleted,
        String name,
        String description,
        BigDecimal price,
        long stockQuantity,
        Long cdcTimestamp,
        long sourceTimeMs) {}
