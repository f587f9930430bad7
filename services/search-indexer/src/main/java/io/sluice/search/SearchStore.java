package io.sluice.search;

import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.OffsetStore;
import java.time.Instant;
import java.util.Optional;

/**
 * The product search index. PostgreSQL and DynamoDB implement it with one behaviour, held by
 * {@code SearchStoreContract}.
 *
 * <p>Rules (all implementations): each product keeps the {@link ProductVersion#position() position} of the version
 * that last wrote it; a version not after it changes nothing and is counted {@link Indexed#stale()}. A deletion leaves
 * a tombstone at its position (never a search result, never returned by {@link #find}) so that a late update cannot
 * bring the product back; {@link #purgeTombstones} removes tombstones older than a retention. A version equal to the
 * stored one is a replay: no change. Replaying a topic from offset 0 gives the same index.
 *
 * <p>Search ({@link SearchQuery} says how results match and rank) never scans the whole table: it reads the token
 * postings of the query's tokens (a query always has one) and filters what those return. {@link SearchPage#nextCursor()}
 * is non-null exactly when more results follow. A cursor that does not decode throws
 * {@link IllegalArgumentException}.
 *
 * <p>Counting: each version of a batch is counted once in {@link Indexed}. Per product only the newest version of the
 * batch ({@link NewestVersions}) can change the index; it is indexed (or deleted) when after the stored version,
 * else stale, and the product's other versions in the batch are stale.
 *
 * <p>Threading: {@link #apply} is called by the consumer loop's writer thread, one call at a time per consumer; two
 * consumers of one group (different partitions) may call it at once for different products. Reads run concurrently
 * from HTTP threads.
 *
 * <p>Failures: an unreachable store throws (any unchecked exception); a retried batch gives the same result.
 */
public interface SearchStore extends AutoCloseable {

    /** Creates the tables and indexes if missing. Idempotent. */
    void migrate();

    /**
     * Applies the batch's versions in order, idempotently. A store with an {@link #offsetStore()} also stores
     * {@link Batch#nextOffsets()} atomically with the changes (exactly-once); one without it is at-least-once and
     * makes a replayed version a no-op.
     */
    Indexed apply(Batch<ProductVersion> batch);

    /** Where offsets are stored with the data; empty when the loop must commit them to Kafka. */
    Optional<OffsetStore> offsetStore();

    /** The indexed product, unless it is unknown or deleted. */
    Optional<ProductDocument> find(long productId);

    /** One page of results. */
    SearchPage search(SearchQuery query);

    /**
     * Removes tombstones of deletions indexed before {@code olderThan}.
     *
     * @return how many were removed
     */
    int purgeTombstones(Instant olderThan);

    @Override
    void close();
}
