package io.sluice.inventory;

import static io.sluice.inventory.DynamoInventoryItems.n;
import static io.sluice.inventory.DynamoInventoryItems.num;

import io.sluice.cdc.SourcePosition;
import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import io.sluice.core.consumer.OffsetStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The inventory in DynamoDB (ADR 0011, "DynamoDB store"), through the AWS SDK v2. No multi-item transactions
 * (dynalite, the test server, has none): offsets are committed to Kafka after {@link #apply} returns
 * (at-least-once), and every write is made safe to repeat.
 *
 * <p>Changes are applied one record at a time, in order, with {@link StockRules} over the state read for that record
 * (consistent reads): ledger rows first (idempotent puts keyed by product, position and item), then the products,
 * the pending rows and alerts, and last the order item's state (which makes a replay of the record stale). Each
 * product write is a conditional put on the {@code version} it was read at (optimistic locking: two consumers of a
 * group serialise per product; a lost race re-reads and re-applies the record). An order-item record's product write
 * also advances the product's watermark {@code applied[<topic>#<partition>] = offset} and is refused when it is
 * already there: after a crash between the product write and the item write, the replayed delta is not taken twice.
 * A product change that moves the stock baseline recomputes stock from the ledger and advances the watermarks to the
 * highest offsets it counted, so an item record whose ledger row it counted is not applied again either.
 *
 * <p>Crash window (at-least-once): a low-stock alert raised by a write is stored just after it and is lost if the
 * process dies in between (the stock is right; only that alert is missing). The order item's state is a put conditioned on
 * the stored state's position ({@link SourcePosition#isAfter}): a consumer that lost its partitions and does not
 * know yet cannot write an older state over a newer one; its record counts as stale.
 *
 * <p>Tables ({@code <table>} is {@code DYNAMODB_TABLE}), created on demand with on-demand billing by {@link
 * #migrate}: {@code <table>} (the seed's item, hash key {@code product_id} N, plus bookkeeping attributes), {@code
 * <table>-order-items}, {@code <table>-ledger}, {@code <table>-pending}, {@code <table>-alerts}. Reads of the
 * low-stock list and pages scan the product table. Thread-safe; throws the SDK's exceptions on failure (classify
 * them with {@code AwsFailureClassifier}).
 */
public final class DynamoInventoryStore implements InventoryStore {
    private static final Logger log = LoggerFactory.getLogger(DynamoInventoryStore.class);
    private static final int MAX_ATTEMPTS = 50;

    private final DynamoDbClient dynamo;
    private final DynamoInventoryItems tables;
    private final int threshold;
    private final Clock clock;

    /** A lost optimistic-locking race: re-read and apply the record again. */
    private static final class Conflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Conflict(long productId) {
            super("product " + productId + " changed concurrently", null, false, false);
        }
    }

    /**
     * @param dynamo shared client; not closed by {@link #close()}
     * @param table the product table ({@code DYNAMODB_TABLE}); the others are named after it
     */
    public DynamoInventoryStore(DynamoDbClient dynamo, String table, int lowStockThreshold, Clock clock) {
        this.dynamo = dynamo;
        this.tables = new DynamoInventoryItems(table);
        this.threshold = lowStockThreshold;
        this.clock = clock;
    }

    @Override
    public void migrate() {
        new DynamoInventoryTables(dynamo, tables).createMissing();
    }

    @Override
    public Applied apply(Batch<InventoryChange> batch) {
        int applied = 0;
        int stale = 0;
        int absorbed = 0;
        int pending = 0;
        int oversold = 0;
        List<LowStockAlert> alerts = new ArrayList<>();
        for (Decoded<InventoryChange> change : batch.records()) {
            Applied one = applyWithRetries(change);
            applied += one.applied();
            stale += one.stale();
            absorbed += one.absorbed();
            pending += one.pending();
            oversold += one.oversold();
            alerts.addAll(one.alerts());
        }
        return new Applied(applied, stale, absorbed, pending, oversold, alerts);
    }

    private Applied applyWithRetries(Decoded<InventoryChange> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return applyOne(change);
            } catch (Conflict e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException(
                            "gave up applying " + change.topic() + "-" + change.partition() + "@" + change.offset()
                                    + " after " + attempt + " write conflicts: " + e.getMessage(),
                            e);
                }
                log.debug("retrying {}@{}: {}", change.topic(), change.offset(), e.getMessage());
            }
        }
    }

    private Applied applyOne(Decoded<InventoryChange> change) {
        List<Decoded<InventoryChange>> one = List.of(change);
        Map<Long, ItemState> items = new HashMap<>();
        for (long id : StockRules.itemIds(one)) {
            get(tables.items(), "item_id", id).map(DynamoInventoryItems::item).ifPresent(i -> items.put(id, i));
        }
        Map<Long, DynamoInventoryItems.StoredProduct> stored = new HashMap<>();
        Map<Long, ProductState> states = new HashMap<>();
        for (long id : StockRules.productIds(one, items)) {
            get(tables.products(), "product_id", id)
                    .map(DynamoInventoryItems::product)
                    .ifPresent(p -> {
                        stored.put(id, p);
                        states.put(id, p.state().copy());
                    });
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        StockRules rules = new StockRules(states, new HashMap<>(items), threshold, now);
        rules.apply(change);
        String watermark = change.topic() + "#" + change.partition();
        for (LedgerEntry e : rules.ledger()) {
            dynamo.putItem(b -> b.tableName(tables.ledger()).item(tables.ledgerItem(e, watermark, change.offset())));
        }
        Map<Long, Map<String, Long>> counted = new HashMap<>();
        Applied result = rules.finish(positions -> sumLedger(positions, counted));

        Set<Long> written = new HashSet<>();
        for (ProductState p : rules.changedProducts()) {
            DynamoInventoryItems.StoredProduct before = stored.get(p.productId);
            Map<String, Long> applied = new HashMap<>(before == null ? Map.of() : before.applied());
            counted.getOrDefault(p.productId, Map.of()).forEach((k, v) -> applied.merge(k, v, Math::max));
            boolean itemChange = change.value() instanceof ItemChange;
            if (itemChange) {
                applied.put(watermark, change.offset());
            }
            if (writeProduct(p, before, applied, itemChange ? watermark : null, change.offset())) {
                written.add(p.productId);
            }
        }
        for (long productId : rules.appeared()) {
            deletePending(productId);
        }
        for (PendingItem p : rules.pending()) {
            try {
                // A replay keeps the first sighting, so the wait is measured from it.
                dynamo.putItem(b -> b.tableName(tables.pending())
                        .item(tables.pendingItem(p))
                        .conditionExpression("attribute_not_exists(product_id)"));
            } catch (ConditionalCheckFailedException e) {
                // Already waiting.
            }
        }
        List<LowStockAlert> alerts = new ArrayList<>();
        for (LowStockAlert a : result.alerts()) {
            if (written.contains(a.productId())) {
                alerts.add(storeAlert(a));
            }
        }
        // Last: the item's new state makes a replay of this record stale.
        for (ItemState i : rules.changedItems()) {
            if (!writeItem(i)) {
                // A newer state of the item is already stored (another consumer of this partition, after a
                // rebalance, got there first): this record is stale, not an outage.
                log.debug("stale item state for item {} at {}", i.itemId(), i.position());
                return new Applied(0, 1, 0, 0, result.oversold(), alerts);
            }
        }
        return new Applied(
                result.applied(), result.stale(), result.absorbed(), result.pending(), result.oversold(), alerts);
    }

    /**
     * Puts the item's state unless the stored one is at or after it ({@link SourcePosition#isAfter}: by (commit LSN,
     * change LSN), by change LSN alone when either commit LSN is 0), so a consumer that lost its partitions and does
     * not know yet cannot write an older state over a newer one. The expression is built for the new position's
     * commit LSN, which makes it exactly {@code isAfter}: with a commit LSN of 0 only the change LSNs are compared;
     * otherwise a stored commit LSN of 0 compares change LSNs, a lower non-zero one passes, an equal one compares change
     * LSNs.
     * Returns false when a newer (or the same) state is stored.
     */
    private boolean writeItem(ItemState i) {
        SourcePosition at = i.position();
        PutItemRequest.Builder put =
                PutItemRequest.builder().tableName(tables.items()).item(DynamoInventoryItems.itemAttributes(i));
        if (at.commitLsn() == 0) {
            put.conditionExpression("attribute_not_exists(item_id) OR change_lsn < :change")
                    .expressionAttributeValues(Map.of(":change", n(at.changeLsn())));
        } else {
            put.conditionExpression("attribute_not_exists(item_id) OR (commit_lsn > :zero AND commit_lsn < :commit)"
                            + " OR ((commit_lsn = :zero OR commit_lsn = :commit) AND change_lsn < :change)")
                    .expressionAttributeValues(
                            Map.of(":zero", n(0), ":commit", n(at.commitLsn()), ":change", n(at.changeLsn())));
        }
        try {
            dynamo.putItem(put.build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Puts the product if nobody changed it since it was read (and, for an order-item record, unless the record was
     * already applied to it). Returns false when the watermark says it was; throws {@link Conflict} on a lost race.
     */
    private boolean writeProduct(
            ProductState p,
            DynamoInventoryItems.StoredProduct before,
            Map<String, Long> applied,
            String watermark,
            long offset) {
        long version = before == null ? 0 : before.version();
        PutItemRequest.Builder put = PutItemRequest.builder()
                .tableName(tables.products())
                .item(DynamoInventoryItems.productAttributes(p, version + 1, applied));
        if (before == null) {
            put.conditionExpression("attribute_not_exists(product_id)");
        } else if (watermark == null) {
            put.conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(version)));
        } else {
            put.conditionExpression("version = :v AND (attribute_not_exists(applied.#w) OR applied.#w < :o)")
                    .expressionAttributeNames(Map.of("#w", watermark))
                    .expressionAttributeValues(Map.of(":v", n(version), ":o", n(offset)));
        }
        try {
            dynamo.putItem(put.build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            if (watermark != null) {
                Optional<DynamoInventoryItems.StoredProduct> now =
                        get(tables.products(), "product_id", p.productId).map(DynamoInventoryItems::product);
                if (now.isPresent() && now.get().applied().getOrDefault(watermark, -1L) >= offset) {
                    return false;
                }
            }
            throw new Conflict(p.productId);
        }
    }

    /** Sums each product's ledger after its position (consistent query), noting the highest offset counted. */
    private Map<Long, Long> sumLedger(Map<Long, SourcePosition> positions, Map<Long, Map<String, Long>> counted) {
        Map<Long, Long> sums = new HashMap<>();
        positions.forEach((productId, after) -> {
            long sum = 0;
            Map<String, Long> highest = new HashMap<>();
            for (Map<String, AttributeValue> row : queryByProduct(tables.ledger(), productId)) {
                DynamoInventoryItems.LedgerRow l = DynamoInventoryItems.ledgerRow(row);
                if (l.position().isAfter(after)) {
                    sum += l.delta();
                    highest.merge(l.watermark(), l.offset(), Math::max);
                }
            }
            sums.put(productId, sum);
            counted.put(productId, highest);
        });
        return sums;
    }

    private LowStockAlert storeAlert(LowStockAlert a) {
        long id = num(dynamo.updateItem(b -> b.tableName(tables.alerts())
                        .key(Map.of("id", n(0)))
                        .updateExpression("ADD next_id :one")
                        .expressionAttributeValues(Map.of(":one", n(1)))
                        .returnValues(ReturnValue.UPDATED_NEW))
                .attributes()
                .get("next_id"));
        LowStockAlert stored = new LowStockAlert(id, a.productId(), a.stock(), a.threshold(), a.raisedAt());
        dynamo.putItem(b -> b.tableName(tables.alerts()).item(DynamoInventoryItems.alertAttributes(stored)));
        return stored;
    }

    private void deletePending(long productId) {
        for (Map<String, AttributeValue> row : queryByProduct(tables.pending(), productId)) {
            dynamo.deleteItem(b -> b.tableName(tables.pending())
                    .key(Map.of("product_id", row.get("product_id"), "pos", row.get("pos"))));
        }
    }

    @Override
    public Optional<OffsetStore> offsetStore() {
        return Optional.empty();
    }

    @Override
    public Optional<InventoryItem> find(long productId) {
        return get(tables.products(), "product_id", productId)
                .map(DynamoInventoryItems::product)
                .map(DynamoInventoryItems.StoredProduct::state)
                .filter(p -> !p.deleted)
                .map(ProductState::toItem);
    }

    @Override
    public List<InventoryItem> lowStock(long threshold, int limit) {
        return visibleProducts(p -> p.stock < threshold).stream()
                .sorted(Comparator.<ProductState>comparingLong(p -> p.stock).thenComparingLong(p -> p.productId))
                .limit(limit)
                .map(ProductState::toItem)
                .toList();
    }

    @Override
    public InventoryPage list(int limit, String cursor) {
        long after = cursor == null ? Long.MIN_VALUE : Long.parseLong(cursor);
        List<InventoryItem> page = visibleProducts(p -> p.productId > after).stream()
                .sorted(Comparator.comparingLong(p -> p.productId))
                .limit(limit + 1L)
                .map(ProductState::toItem)
                .toList();
        if (page.size() <= limit) {
            return new InventoryPage(page, null);
        }
        List<InventoryItem> items = page.subList(0, limit);
        return new InventoryPage(items, Long.toString(items.getLast().productId()));
    }

    private List<ProductState> visibleProducts(Predicate<ProductState> filter) {
        List<ProductState> out = new ArrayList<>();
        for (Map<String, AttributeValue> row : scan(tables.products())) {
            ProductState p = DynamoInventoryItems.product(row).state();
            if (!p.deleted && filter.test(p)) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public List<PendingItem> expiredPending(Instant olderThan, int limit) {
        return scan(tables.pending()).stream()
                .map(tables::pending)
                .filter(p -> p.firstSeen().isBefore(olderThan))
                .sorted(Comparator.comparing(PendingItem::firstSeen).thenComparing(PendingItem::productId))
                .limit(limit)
                .toList();
    }

    @Override
    public int dropPending(List<PendingItem> expired) {
        int dropped = 0;
        for (PendingItem p : expired) {
            if (productExists(p.productId())) {
                // It appeared meanwhile and counted: only the waiting mark goes.
                dynamo.deleteItem(b -> b.tableName(tables.pending()).key(tables.pendingKey(p)));
                continue;
            }
            Map<String, AttributeValue> ledgerRow = dynamo.deleteItem(b -> b.tableName(tables.ledger())
                            .key(tables.pendingKey(p))
                            .returnValues(ReturnValue.ALL_OLD))
                    .attributes();
            try {
                dynamo.deleteItem(b -> b.tableName(tables.pending())
                        .key(tables.pendingKey(p))
                        .conditionExpression("attribute_exists(product_id)"));
                dropped++;
            } catch (ConditionalCheckFailedException e) {
                // Already gone: the product appeared and cleared it.
            }
            if (productExists(p.productId()) && ledgerRow != null && !ledgerRow.isEmpty()) {
                // The product appeared while we dropped: keep its ledger as it counted it.
                dynamo.putItem(b -> b.tableName(tables.ledger()).item(ledgerRow));
            }
        }
        return dropped;
    }

    private boolean productExists(long productId) {
        return get(tables.products(), "product_id", productId).isPresent();
    }

    @Override
    public List<LowStockAlert> unpublishedAlerts(int limit) {
        return scan(tables.alerts()).stream()
                .filter(row -> num(row.get("id")) > 0)
                .map(DynamoInventoryItems::alert)
                .sorted(Comparator.comparingLong(LowStockAlert::id))
                .limit(limit)
                .toList();
    }

    @Override
    public void markPublished(List<LowStockAlert> alerts) {
        for (LowStockAlert a : alerts) {
            dynamo.deleteItem(b -> b.tableName(tables.alerts()).key(Map.of("id", n(a.id()))));
        }
    }

    @Override
    public void close() {
        // The client is the caller's.
    }

    private Optional<Map<String, AttributeValue>> get(String table, String keyName, long key) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        b -> b.tableName(table).key(Map.of(keyName, n(key))).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private List<Map<String, AttributeValue>> queryByProduct(String table, long productId) {
        List<Map<String, AttributeValue>> rows = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("product_id = :p")
                        .expressionAttributeValues(Map.of(":p", n(productId))))
                .items()
                .forEach(rows::add);
        return rows;
    }

    private List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> rows = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()
                .forEach(rows::add);
        return rows;
    }
}
