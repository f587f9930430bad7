package io.sluice.inventory;

import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.OffsetStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The inventory read model (ADR 0011): products with their derived stock, order-item states, the ledger of applied
 * item deltas, items waiting for their product, and the low-stock alerts not yet published. PostgreSQL and DynamoDB
 * implement it with one behaviour, held by {@code InventoryStoreContract}.
 *
 * <p>Rules (all implementations): stock = the source's {@code stock_quantity} as last changed, minus the deltas of
 * order-item changes positioned after that change; an event not after the stored position of its row changes
 * nothing; an item whose product does not exist waits ({@link #expiredPending}, {@link #dropPending}); a deleted product absorbs item
 * changes; a catalogue-only update never changes stock; stock may go negative. An {@link #apply} that takes a product
 * from {@code >= threshold} to {@code < threshold} raises one {@link LowStockAlert} (a product new to it starts from
 * its first version's stock). {@link StockRules} implements these rules over the state a store loads for a batch.
 *
 * <p>Threading: {@link #apply} is called by the consumer loop's writer thread, one call at a time per consumer; the
 * reads, the pending and alert methods may run concurrently from other threads. Two consumers of one group may call
 * {@link #apply} at once (one reading products, another order items): implementations serialise per product.
 *
 * <p>Failures: an unreachable store throws (any unchecked exception); nothing is half-applied in a way that a retry
 * of the same batch would count twice.
 */
public interface InventoryStore extends AutoCloseable {

    /** Creates the tables if missing. Idempotent. */
    void migrate();

    /**
     * Applies the batch's changes in order, idempotently. A store with an {@link #offsetStore()} also stores
     * {@link Batch#nextOffsets()} atomically with the changes (exactly-once); one without it is at-least-once and
     * must make a replayed change a no-op.
     */
    Applied apply(Batch<InventoryChange> batch);

    /** Where offsets are stored with the data; empty when the loop must commit them to Kafka. */
    Optional<OffsetStore> offsetStore();

    /** The product, unless it is unknown or deleted. */
    Optional<InventoryItem> find(long productId);

    /** Products (not deleted) whose stock is below {@code threshold}, lowest stock first, then by id. */
    List<InventoryItem> lowStock(long threshold, int limit);

    /** Products (not deleted) by id, after {@code cursor} (a previous page's {@code nextCursor}, or null). */
    InventoryPage list(int limit, String cursor);

    /**
     * Pending items first seen before {@code olderThan}, oldest first, at most {@code limit}; they stay pending
     * until {@link #dropPending}.
     */
    List<PendingItem> expiredPending(Instant olderThan, int limit);

    /**
     * Removes these pending items and their ledger rows (so they never count), unless their product appeared
     * meanwhile (then they counted and stay). Call after they reached the dead-letter topic.
     *
     * @return how many were removed
     */
    int dropPending(List<PendingItem> items);

    /** Alerts raised and not yet {@link #markPublished published}, oldest first. */
    List<LowStockAlert> unpublishedAlerts(int limit);

    /** These alerts reached the alert topic; they are not returned again. */
    void markPublished(List<LowStockAlert> alerts);

    @Override
    void close();
}
