package io.sluice.search;

import static io.sluice.search.DynamoSearchItems.key;
import static io.sluice.search.DynamoSearchItems.num;

import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.OffsetStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The search index in DynamoDB, through the AWS SDK v2: the seed's table and item, and a postings table so that no
 * search scans ({@link DynamoSearchItems} has the layouts, {@link DynamoSearchReader} the search).
 *
 * <p>Writes, per product the newest version of the batch ({@link NewestVersions}): read the item (consistent); if the
 * version is not after the stored one, it is stale and nothing is written. Otherwise write the postings of the token
 * diff (all of the new tokens' postings when the price or stock moved, since postings carry them for the filters),
 * delete the postings of the tokens it no longer has, and last put the item conditioned on the stored version still
 * being older. Every posting write is conditioned the same way (on the posting's own version), so a consumer that lost
 * its partitions cannot overwrite or delete a newer version's posting. A crash between the postings and the item leaves
 * postings the item does not have (and, for a while, misses some the old item has); search verifies each result against
 * the item ({@link SearchQuery#matches}) and skips what does not hold, and the replay of the version (at-least-once: no
 * {@link #offsetStore()}, dynalite and this store have no multi-item transactions) finds the item still older and
 * writes the diff again, now complete.
 *
 * <p>A deletion deletes the product's postings and puts a tombstone (no GSI key, so it is in neither GSI) plus a marker
 * in the postings table's {@value DynamoSearchItems#TOMBSTONES} partition keyed by the deletion's time, which {@link
 * #purgeTombstones} reads instead of scanning.
 *
 * <p>The products of a batch are written concurrently (a pool of at most {@value #WRITERS} threads for the length of
 * the call, all done before {@link #apply} returns). Thread-safe; throws the SDK's exceptions on failure (the first of
 * them, the others suppressed; classify them with {@code AwsFailureClassifier}).
 */
public final class DynamoSearchStore implements SearchStore {
    private static final Logger log = LoggerFactory.getLogger(DynamoSearchStore.class);
    /** Products written at once within a batch. */
    private static final int WRITERS = 16;

    private final DynamoDbClient dynamo;
    private final DynamoSearchItems tables;
    private final DynamoSearchReader reader;
    private final Clock clock;
    /** Postings partitions known to be listed (each is listed once; the cache only saves the repeated puts). */
    private final Set<String> partitions = ConcurrentHashMap.newKeySet();

    private enum Outcome {
        INDEXED,
        DELETED,
        STALE
    }

    /**
     * @param dynamo shared client; not closed by {@link #close()}
     * @param table the product table ({@code DYNAMODB_TABLE}); the postings table is {@code <table>-tokens}
     * @param clock for {@code indexed_at} and {@code deleted_at}
     */
    public DynamoSearchStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.tables = new DynamoSearchItems(table);
        this.reader = new DynamoSearchReader(dynamo, tables);
        this.clock = clock;
    }

    @Override
    public void migrate() {
        new DynamoSearchTables(dynamo, tables).createMissing();
    }

    @Override
    public Indexed apply(Batch<ProductVersion> batch) {
        NewestVersions versions = NewestVersions.of(batch);
        List<Outcome> outcomes = applyAll(versions.newest());
        int indexed = 0;
        int deleted = 0;
        int stale = versions.superseded();
        for (Outcome o : outcomes) {
            switch (o) {
                case INDEXED -> indexed++;
                case DELETED -> deleted++;
                case STALE -> stale++;
            }
        }
        return new Indexed(indexed, deleted, stale);
    }

    /**
     * Applies one version per product, {@value #WRITERS} products at a time: each costs a dozen sequential requests,
     * and products are independent (every write is conditioned on its own product's or posting's version).
     */
    private List<Outcome> applyAll(List<ProductVersion> versions) {
        if (versions.size() <= 1) {
            return versions.stream().map(this::applyOne).toList();
        }
        List<Future<Outcome>> futures = new ArrayList<>();
        // Platform threads, for the length of the batch: the SDK's HttpURLConnection client pins a virtual thread to
        // its carrier on Java 21, which would cap the concurrency at the core count.
        ThreadFactory named =
                Thread.ofPlatform().name("sluice-search-dynamodb-", 0).daemon().factory();
        try (ExecutorService executor = Executors.newFixedThreadPool(Math.min(WRITERS, versions.size()), named)) {
            for (ProductVersion v : versions) {
                futures.add(executor.submit(() -> applyOne(v)));
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<Outcome> f : futures) {
            try {
                outcomes.add(f.get());
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r
                        ? r
                        : new IllegalStateException("indexing a product failed: " + e.getCause(), e.getCause());
                if (failure == null) {
                    failure = cause;
                } else if (failure != cause) {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while indexing a batch of " + versions.size(), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return outcomes;
    }

    private Outcome applyOne(ProductVersion v) {
        Map<String, AttributeValue> stored = get(v.productId());
        if (stored != null && !v.position().isAfter(DynamoSearchItems.position(stored))) {
            return Outcome.STALE;
        }
        Instant now = DynamoSearchItems.truncate(clock.instant());
        List<String> old = DynamoSearchItems.tokensOf(stored);
        if (v.deleted()) {
            for (String token : old) {
                deletePosting(token, v);
            }
            // The marker first: one left by a crash before the tombstone is dropped by the purge.
            dynamo.putItem(
                    b -> b.tableName(tables.tokens()).item(DynamoSearchItems.tombstoneMarker(v.productId(), now)));
            return putItem(DynamoSearchItems.tombstone(v.productId(), v.position(), now), v)
                    ? Outcome.DELETED
                    : Outcome.STALE;
        }
        ProductDocument d = ProductDocument.of(v, now);
        boolean moved = stored == null
                || DynamoSearchItems.isTombstone(stored)
                || !stored.containsKey("change_lsn") // the seed's item: it has no postings yet
                || num(stored.get("price")) != d.priceCents()
                || num(stored.get("stock_quantity")) != d.stockQuantity();
        Set<String> kept = new HashSet<>(old);
        for (String token : d.searchTokens()) {
            if ((moved || !kept.contains(token)) && DynamoSearchItems.postable(token)) {
                putPosting(token, d);
            }
        }
        Set<String> current = new HashSet<>(d.searchTokens());
        for (String token : old) {
            if (!current.contains(token)) {
                deletePosting(token, v);
            }
        }
        if (!putItem(DynamoSearchItems.item(d), v)) {
            return Outcome.STALE;
        }
        if (stored != null && DynamoSearchItems.isTombstone(stored)) {
            // A re-insert after the deletion: its tombstone's marker goes (the purge would drop it anyway).
            Instant deletedAt =
                    DynamoSearchItems.instant(stored.get("deleted_at").s());
            dynamo.deleteItem(b ->
                    b.tableName(tables.tokens()).key(DynamoSearchItems.tombstoneMarkerKey(v.productId(), deletedAt)));
        }
        return Outcome.INDEXED;
    }

    /** Puts the item unless a version at or after {@code v}'s is stored (a lost race: stale). */
    private boolean putItem(Map<String, AttributeValue> item, ProductVersion v) {
        DynamoSearchItems.Older older = DynamoSearchItems.Older.than(v.position());
        try {
            dynamo.putItem(b -> b.tableName(tables.products())
                    .item(item)
                    .conditionExpression(older.expression())
                    .expressionAttributeValues(older.values()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            log.debug(
                    "stale version of product {} at {}: a newer one was stored meanwhile", v.productId(), v.position());
            return false;
        }
    }

    private void putPosting(String token, ProductDocument d) {
        String partition = DynamoSearchItems.prefix(token);
        if (!partitions.contains(partition)) {
            // Listed before its first posting, so that a one-character prefix query finds every partition it needs.
            dynamo.putItem(b -> b.tableName(tables.tokens()).item(DynamoSearchItems.partitionEntry(partition)));
            partitions.add(partition);
        }
        DynamoSearchItems.Older older = DynamoSearchItems.Older.than(d.position());
        try {
            dynamo.putItem(b -> b.tableName(tables.tokens())
                    .item(DynamoSearchItems.posting(token, d))
                    .conditionExpression(older.expression())
                    .expressionAttributeValues(older.values()));
        } catch (ConditionalCheckFailedException e) {
            // Written by this version already (a replay) or by a newer one.
        }
    }

    private void deletePosting(String token, ProductVersion v) {
        if (!DynamoSearchItems.postable(token)) {
            return;
        }
        DynamoSearchItems.Older older = DynamoSearchItems.Older.than(v.position());
        try {
            dynamo.deleteItem(b -> b.tableName(tables.tokens())
                    .key(DynamoSearchItems.postingKey(token, v.productId()))
                    .conditionExpression(older.expression())
                    .expressionAttributeValues(older.values()));
        } catch (ConditionalCheckFailedException e) {
            // A newer version wrote it: it stays.
        }
    }

    @Override
    public Optional<OffsetStore> offsetStore() {
        return Optional.empty();
    }

    @Override
    public Optional<ProductDocument> find(long productId) {
        Map<String, AttributeValue> item = get(productId);
        if (item == null || DynamoSearchItems.isTombstone(item)) {
            return Optional.empty();
        }
        return Optional.of(DynamoSearchItems.document(item));
    }

    @Override
    public SearchPage search(SearchQuery query) {
        return reader.search(query);
    }

    @Override
    public int purgeTombstones(Instant olderThan) {
        int purged = 0;
        String cut = DynamoSearchItems.time(olderThan);
        for (Map<String, AttributeValue> marker : dynamo.queryPaginator(b -> b.tableName(tables.tokens())
                        .consistentRead(true)
                        .keyConditionExpression("token_prefix = :p AND token_product < :cut")
                        .expressionAttributeValues(Map.of(
                                ":p", AttributeValue.fromS(DynamoSearchItems.TOMBSTONES),
                                ":cut", AttributeValue.fromS(cut))))
                .items()) {
            long productId = num(marker.get("product_id"));
            try {
                // Only the tombstone this marker was written for: a re-inserted product stays.
                dynamo.deleteItem(b -> b.tableName(tables.products())
                        .key(key(productId))
                        .conditionExpression("deleted = :true AND deleted_at = :at")
                        .expressionAttributeValues(
                                Map.of(":true", AttributeValue.fromBool(true), ":at", marker.get("deleted_at"))));
                purged++;
            } catch (ConditionalCheckFailedException e) {
                // Re-inserted, deleted again later, or the marker of a tombstone never written.
            }
            dynamo.deleteItem(b -> b.tableName(tables.tokens())
                    .key(Map.of(
                            "token_prefix", marker.get("token_prefix"), "token_product", marker.get("token_product"))));
        }
        return purged;
    }

    @Override
    public void close() {
        // The client is the caller's.
    }

    private Map<String, AttributeValue> get(long productId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(tables.products()).key(key(productId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? null : item;
    }
}
