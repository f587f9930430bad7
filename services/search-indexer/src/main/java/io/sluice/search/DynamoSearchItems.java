package io.sluice.search;

import io.sluice.cdc.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB search store's table names and item layouts.
 *
 * <p>{@code <table>}: the seed's item exactly (SPEC.md §5.5: {@code product_id} N, {@code name} S, {@code
 * name_lower} S — left out when empty, DynamoDB refuses an empty GSI key —, {@code description} S or NULL, {@code
 * price} N cents, {@code price_display} S, {@code stock_quantity} N, {@code search_tokens} L of S, {@code indexed_at}
 * S naive UTC ISO, {@code cdc_timestamp} N or NULL) plus the version, {@code commit_lsn} and {@code change_lsn} N. A
 * tombstone holds only {@code product_id}, the version, {@code deleted} true and {@code deleted_at}: no GSI key, so it
 * is in neither GSI.
 *
 * <p>{@code <table>-tokens}: one posting per (token, product), hash {@code token_prefix} (the token's first two code
 * points) and range {@code token_product} ({@code <token>#<zero-padded product id>}), carrying {@code product_id},
 * {@code price}, {@code stock_quantity} and the version that wrote it. Two partitions no token can name (no token
 * contains {@code #}): {@value #TOMBSTONES} lists tombstones by {@code <deleted_at>#<id>}, so a purge reads only the
 * old ones; {@value #PARTITIONS} lists every postings partition ever written (range: the partition key), so a
 * one-character prefix finds the partitions of the tokens it starts.
 */
final class DynamoSearchItems {
    /** The postings partition that lists tombstones by time. */
    static final String TOMBSTONES = "#tombstones";

    /** The postings partition that lists the postings partitions. */
    static final String PARTITIONS = "#partitions";

    /** DynamoDB's limit on a range key (bytes): a longer token has no posting and matches nothing. */
    static final int MAX_RANGE_KEY_BYTES = 1024;

    /** Naive UTC, fixed width (so that it sorts as text): {@code 2026-12-04T23:14:18.123456}. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");

    private final String products;

    DynamoSearchItems(String products) {
        this.products = products;
    }

    String products() {
        return products;
    }

    String tokens() {
        return products + "-tokens";
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static long num(AttributeValue value) {
        return Long.parseLong(value.n());
    }

    static Map<String, AttributeValue> key(long productId) {
        return Map.of("product_id", n(productId));
    }

    static String time(Instant at) {
        return TIME.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    static Instant instant(String text) {
        return LocalDateTime.parse(text, TIME).toInstant(ZoneOffset.UTC);
    }

    /** The precision DynamoDB items keep (microseconds, as PostgreSQL). */
    static Instant truncate(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    static Map<String, AttributeValue> item(ProductDocument d) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("product_id", n(d.productId()));
        item.put("name", AttributeValue.fromS(d.name()));
        if (!d.nameLower().isEmpty()) {
            item.put("name_lower", AttributeValue.fromS(d.nameLower()));
        }
        item.put(
                "description",
                d.description() == null ? AttributeValue.fromNul(true) : AttributeValue.fromS(d.description()));
        item.put("price", n(d.priceCents()));
        item.put("price_display", AttributeValue.fromS(d.priceDisplay()));
        item.put("stock_quantity", n(d.stockQuantity()));
        item.put(
                "search_tokens",
                AttributeValue.fromL(
                        d.searchTokens().stream().map(AttributeValue::fromS).toList()));
        item.put("indexed_at", AttributeValue.fromS(time(d.indexedAt())));
        item.put("cdc_timestamp", d.cdcTimestamp() == null ? AttributeValue.fromNul(true) : n(d.cdcTimestamp()));
        version(item, d.position());
        return item;
    }

    static Map<String, AttributeValue> tombstone(long productId, SourcePosition at, Instant deletedAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("product_id", n(productId));
        item.put("deleted", AttributeValue.fromBool(true));
        item.put("deleted_at", AttributeValue.fromS(time(deletedAt)));
        version(item, at);
        return item;
    }

    static boolean isTombstone(Map<String, AttributeValue> item) {
        AttributeValue deleted = item.get("deleted");
        return deleted != null && Boolean.TRUE.equals(deleted.bool());
    }

    /** The item's version; {@link SourcePosition#NONE} for an item without one (written by the seed's indexer). */
    static SourcePosition position(Map<String, AttributeValue> item) {
        AttributeValue commit = item.get("commit_lsn");
        AttributeValue change = item.get("change_lsn");
        return change == null || change.n() == null
                ? SourcePosition.NONE
                : new SourcePosition(commit == null || commit.n() == null ? 0 : num(commit), num(change));
    }

    /**
     * The document of a stored (non-tombstone) item. Lenient with items the seed's indexer wrote in the same table:
     * {@code cdc_timestamp} {@code ""} or missing is null, {@code indexed_at} any ISO local date-time, no version is
     * {@link SourcePosition#NONE} (every change replaces it).
     */
    static ProductDocument document(Map<String, AttributeValue> item) {
        AttributeValue name = item.get("name");
        AttributeValue nameLower = item.get("name_lower");
        AttributeValue description = item.get("description");
        AttributeValue tokens = item.get("search_tokens");
        AttributeValue cdc = item.get("cdc_timestamp");
        long cents = num(item.get("price"));
        AttributeValue display = item.get("price_display");
        AttributeValue stock = item.get("stock_quantity");
        return new ProductDocument(
                num(item.get("product_id")),
                name == null || name.s() == null ? "" : name.s(),
                nameLower == null || nameLower.s() == null ? "" : nameLower.s(),
                description == null || description.s() == null ? null : description.s(),
                cents,
                display == null || display.s() == null ? Prices.display(cents) : display.s(),
                stock == null || stock.n() == null ? 0 : num(stock),
                tokens == null || !tokens.hasL()
                        ? List.of()
                        : tokens.l().stream().map(AttributeValue::s).toList(),
                LocalDateTime.parse(item.get("indexed_at").s()).toInstant(ZoneOffset.UTC),
                cdc == null || cdc.n() == null ? null : num(cdc),
                position(item));
    }

    /** The tokens a stored item is posted under (none for a tombstone or no item). */
    static List<String> tokensOf(Map<String, AttributeValue> item) {
        if (item == null || isTombstone(item)) {
            return List.of();
        }
        AttributeValue tokens = item.get("search_tokens");
        return tokens == null || !tokens.hasL()
                ? List.of()
                : tokens.l().stream().map(AttributeValue::s).toList();
    }

    static String prefix(String token) {
        int codePoints = token.codePointCount(0, token.length());
        return token.substring(0, token.offsetByCodePoints(0, Math.min(2, codePoints)));
    }

    static String range(String token, long productId) {
        return token + "#" + String.format("%019d", productId);
    }

    /** Whether a token fits in a posting key. */
    static boolean postable(String token) {
        return token.getBytes(StandardCharsets.UTF_8).length + 20 <= MAX_RANGE_KEY_BYTES;
    }

    static Map<String, AttributeValue> postingKey(String token, long productId) {
        return Map.of(
                "token_prefix", AttributeValue.fromS(prefix(token)),
                "token_product", AttributeValue.fromS(range(token, productId)));
    }

    static Map<String, AttributeValue> posting(String token, ProductDocument d) {
        Map<String, AttributeValue> item = new HashMap<>(postingKey(token, d.productId()));
        item.put("product_id", n(d.productId()));
        item.put("price", n(d.priceCents()));
        item.put("stock_quantity", n(d.stockQuantity()));
        version(item, d.position());
        return item;
    }

    static Map<String, AttributeValue> partitionEntry(String prefix) {
        return Map.of(
                "token_prefix", AttributeValue.fromS(PARTITIONS),
                "token_product", AttributeValue.fromS(prefix));
    }

    static Map<String, AttributeValue> tombstoneMarkerKey(long productId, Instant deletedAt) {
        return Map.of(
                "token_prefix", AttributeValue.fromS(TOMBSTONES),
                "token_product", AttributeValue.fromS(time(deletedAt) + "#" + String.format("%019d", productId)));
    }

    static Map<String, AttributeValue> tombstoneMarker(long productId, Instant deletedAt) {
        Map<String, AttributeValue> item = new HashMap<>(tombstoneMarkerKey(productId, deletedAt));
        item.put("product_id", n(productId));
        item.put("deleted_at", AttributeValue.fromS(time(deletedAt)));
        return item;
    }

    private static void version(Map<String, AttributeValue> item, SourcePosition at) {
        item.put("commit_lsn", n(at.commitLsn()));
        item.put("change_lsn", n(at.changeLsn()));
    }

    /**
     * A condition that holds when the item is missing or its stored version is before {@code at}, exactly {@link
     * SourcePosition#isAfter}: built for the new position's commit LSN, so that with a commit LSN of 0 only change
     * LSNs compare; otherwise a stored commit LSN of 0 compares change LSNs, a lower non-zero one passes, an equal one
     * compares change LSNs. A missing {@code change_lsn} (no item, or an item of the seed's indexer) passes.
     */
    record Older(String expression, Map<String, AttributeValue> values) {
        static Older than(SourcePosition at) {
            if (at.commitLsn() == 0) {
                return new Older(
                        "attribute_not_exists(change_lsn) OR change_lsn < :change",
                        Map.of(":change", n(at.changeLsn())));
            }
            return new Older(
                    "attribute_not_exists(change_lsn) OR (commit_lsn > :zero AND commit_lsn < :commit)"
                            + " OR ((commit_lsn = :zero OR commit_lsn = :commit) AND change_lsn < :change)",
                    Map.of(":zero", n(0), ":commit", n(at.commitLsn()), ":change", n(at.changeLsn())));
        }
    }
}
