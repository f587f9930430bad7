package io.sluice.search;

import static io.sluice.search.DynamoSearchItems.num;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Search over the postings table, never a scan. Each query token is one Query of its postings partition (the token's
 * first two code points): {@code begins_with(token_product, "<token>#")} for an exact token, {@code
 * begins_with(token_product, "<token>")} for the last one, which also matches as a prefix. The price and stock
 * filters apply to the postings (which carry both); a product's candidate count is the number of query tokens whose
 * postings hold it. Candidates are taken in ranking order (count descending, id ascending, after the cursor), their
 * items read with consistent BatchGetItem, and each checked against the item: a tombstone, a missing item or one the
 * filters refuse is skipped; one matching fewer tokens than its postings said (postings a crash or a late consumer
 * left) goes back in the queue at its real rank; one matching more (a crash between deleting a posting and writing
 * the item, until the replay) is skipped.
 *
 * <p>A last token of one code point spans many partitions (every token starting with it): it reads the list of
 * partitions ({@value DynamoSearchItems#PARTITIONS}) and queries each one starting with it, so it costs all those
 * postings; typeahead from the first character is correct but the dearest query. A token over ~1000 bytes has no
 * posting and matches nothing. Reads cost the postings of every query token: a very frequent token reads all its
 * postings (1 MB pages).
 *
 * <p>Thread-safe.
 */
final class DynamoSearchReader {
    /** BatchGetItem's limit. */
    private static final int MAX_BATCH_GET = 100;

    private static final Comparator<Candidate> RANKING =
            Comparator.comparingInt(Candidate::matched).reversed().thenComparingLong(Candidate::productId);

    private final DynamoDbClient dynamo;
    private final DynamoSearchItems tables;

    private record Candidate(long productId, int matched) {}

    DynamoSearchReader(DynamoDbClient dynamo, DynamoSearchItems tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    SearchPage search(SearchQuery query) {
        List<String> tokens = query.tokens();
        SearchCursor after = query.cursor() == null ? null : SearchCursor.decode(query.cursor());
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            for (long id : postings(tokens.get(i), i == tokens.size() - 1, query)) {
                counts.merge(id, 1, Integer::sum);
            }
        }
        TreeSet<Candidate> queue = new TreeSet<>(RANKING);
        counts.forEach((id, matched) -> {
            if (after == null || after.precedes(matched, id)) {
                queue.add(new Candidate(id, matched));
            }
        });

        Map<Long, Map<String, AttributeValue>> items = new HashMap<>();
        List<SearchHit> hits = new ArrayList<>();
        while (!queue.isEmpty() && hits.size() <= query.limit()) {
            Candidate c = queue.first();
            if (!items.containsKey(c.productId())) {
                fetchAhead(queue, items, query.limit() + 1 - hits.size());
            }
            queue.pollFirst();
            Map<String, AttributeValue> item = items.get(c.productId());
            if (item.isEmpty() || DynamoSearchItems.isTombstone(item)) {
                continue;
            }
            ProductDocument d = DynamoSearchItems.document(item);
            if (!query.accepts(d)) {
                continue;
            }
            int matched = query.matches(d);
            if (matched == c.matched()) {
                hits.add(new SearchHit(d, matched, query.score(matched)));
            } else if (matched > 0
                    && matched < c.matched()
                    && (after == null || after.precedes(matched, c.productId()))) {
                queue.add(new Candidate(c.productId(), matched));
            }
        }
        if (hits.size() <= query.limit()) {
            return new SearchPage(hits, null);
        }
        List<SearchHit> page = hits.subList(0, query.limit());
        SearchHit last = page.getLast();
        return new SearchPage(
                page, new SearchCursor(last.matched(), last.product().productId()).encode());
    }

    /** The ids of the products posted under the token (or, as a prefix, under tokens starting with it). */
    private Set<Long> postings(String token, boolean prefix, SearchQuery query) {
        Set<Long> ids = new HashSet<>();
        if (!DynamoSearchItems.postable(token)) {
            return ids;
        }
        if (prefix && token.codePointCount(0, token.length()) == 1) {
            for (Map<String, AttributeValue> partition : query(DynamoSearchItems.PARTITIONS, token, null)) {
                collect(partition.get("token_product").s(), token, query, ids);
            }
        } else {
            collect(DynamoSearchItems.prefix(token), prefix ? token : token + "#", query, ids);
        }
        return ids;
    }

    /** Adds the products of the partition's postings whose range starts with {@code start} and pass the filters. */
    private void collect(String partition, String start, SearchQuery query, Set<Long> ids) {
        for (Map<String, AttributeValue> posting : query(partition, start, "product_id, price, stock_quantity")) {
            long price = num(posting.get("price"));
            if ((query.minCents() == null || price >= query.minCents())
                    && (query.maxCents() == null || price <= query.maxCents())
                    && (!query.inStock() || num(posting.get("stock_quantity")) > 0)) {
                ids.add(num(posting.get("product_id")));
            }
        }
    }

    private Iterable<Map<String, AttributeValue>> query(String partition, String start, String projection) {
        return dynamo.queryPaginator(b -> b.tableName(tables.tokens())
                        .consistentRead(true)
                        .keyConditionExpression("token_prefix = :p AND begins_with(token_product, :t)")
                        .expressionAttributeValues(
                                Map.of(":p", AttributeValue.fromS(partition), ":t", AttributeValue.fromS(start)))
                        .projectionExpression(projection))
                .items();
    }

    /** Reads the items of the next {@code wanted} (at least one) candidates not read yet; a missing one maps to {}. */
    private void fetchAhead(TreeSet<Candidate> queue, Map<Long, Map<String, AttributeValue>> items, int wanted) {
        List<Long> ids = new ArrayList<>();
        Iterator<Candidate> it = queue.iterator();
        int limit = Math.min(MAX_BATCH_GET, Math.max(1, wanted));
        while (it.hasNext() && ids.size() < limit) {
            long id = it.next().productId();
            if (!items.containsKey(id) && !ids.contains(id)) {
                ids.add(id);
            }
        }
        for (long id : ids) {
            items.put(id, Map.of());
        }
        Map<String, KeysAndAttributes> request = Map.of(
                tables.products(),
                KeysAndAttributes.builder()
                        .keys(ids.stream().map(DynamoSearchItems::key).toList())
                        .consistentRead(true)
                        .build());
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> asked = request;
            BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(asked));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(tables.products(), List.of())) {
                items.put(num(item.get("product_id")), item);
            }
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
    }
}
