package io.sluice.search;

import io.sluice.cdc.SourcePosition;
import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.OffsetStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The reference store: the rules of {@link SearchStore} over a map, everything under one lock, search by scanning
 * every product with {@link SearchQuery#matches} and {@link SearchQuery#accepts}. It shows the contract is consistent
 * and is the oracle other stores are compared with; it keeps nothing across restarts.
 */
final class InMemorySearchStore implements SearchStore {
    /** A product's current state: a document, or a tombstone (document null) deleted at {@code deletedAt}. */
    private record Entry(SourcePosition position, ProductDocument document, Instant deletedAt) {}

    private final TreeMap<Long, Entry> products = new TreeMap<>();

    @Override
    public void migrate() {}

    @Override
    public synchronized Indexed apply(Batch<ProductVersion> batch) {
        NewestVersions versions = NewestVersions.of(batch);
        Instant now = Instant.now();
        int indexed = 0;
        int deleted = 0;
        int stale = versions.superseded();
        for (ProductVersion v : versions.newest()) {
            Entry stored = products.get(v.productId());
            if (stored != null && !v.position().isAfter(stored.position())) {
                stale++;
            } else if (v.deleted()) {
                products.put(v.productId(), new Entry(v.position(), null, now));
                deleted++;
            } else {
                products.put(v.productId(), new Entry(v.position(), ProductDocument.of(v, now), null));
                indexed++;
            }
        }
        return new Indexed(indexed, deleted, stale);
    }

    @Override
    public Optional<OffsetStore> offsetStore() {
        return Optional.empty();
    }

    @Override
    public synchronized Optional<ProductDocument> find(long productId) {
        Entry e = products.get(productId);
        return e == null ? Optional.empty() : Optional.ofNullable(e.document());
    }

    @Override
    public synchronized SearchPage search(SearchQuery query) {
        SearchCursor after = query.cursor() == null ? null : SearchCursor.decode(query.cursor());
        List<SearchHit> hits = new ArrayList<>();
        for (Entry e : products.values()) {
            ProductDocument d = e.document();
            if (d == null || !query.accepts(d)) {
                continue;
            }
            int matched = query.matches(d);
            if (matched > 0 && (after == null || after.precedes(matched, d.productId()))) {
                hits.add(new SearchHit(d, matched, query.score(matched)));
            }
        }
        hits.sort(Comparator.comparingInt(SearchHit::matched).reversed().thenComparingLong(h -> h.product()
                .productId()));
        if (hits.size() <= query.limit()) {
            return new SearchPage(hits, null);
        }
        List<SearchHit> page = hits.subList(0, query.limit());
        SearchHit last = page.getLast();
        return new SearchPage(
                page, new SearchCursor(last.matched(), last.product().productId()).encode());
    }

    @Override
    public synchronized int purgeTombstones(Instant olderThan) {
        int before = products.size();
        products.values().removeIf(e -> e.document() == null && e.deletedAt().isBefore(olderThan));
        return before - products.size();
    }

    @Override
    public void close() {}
}
