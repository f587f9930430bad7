package io.sluice.search;

import io.sluice.cdc.SourcePosition;
import java.time.Instant;
import java.util.List;

/**
 * A product as indexed: the seed's item (SPEC.md §5.5) with exact cents, plus the version that wrote it.
 *
 * @param productId {@code product_id}
 * @param name {@code name} ({@code ""} when the row had none)
 * @param nameLower {@code name_lower}: {@code name} lower-cased ({@link java.util.Locale#ROOT})
 * @param description {@code description}, or null
 * @param priceCents {@code price}: cents, exact ({@link Prices#cents})
 * @param priceDisplay {@code price_display}: {@code $1299.99} ({@link Prices#display})
 * @param stockQuantity {@code stock_quantity}
 * @param searchTokens {@code search_tokens}: {@link SearchTokens#of}(name, description)
 * @param indexedAt {@code indexed_at}: when the indexer wrote it
 * @param cdcTimestamp {@code cdc_timestamp}: as {@link ProductVersion#cdcTimestamp()}, or null
 * @param position the source position of the version (not shown by the API; decides replays and reordering)
 */
public record ProductDocument(
        long productId,
        String name,
        String nameLower,
        String description,
        long priceCents,
        String priceDisplay,
        long stockQuantity,
        List<String> searchTokens,
        Instant indexedAt,
        Long cdcTimestamp,
        SourcePosition position) {

    public ProductDocument {
        searchTokens = List.copyOf(searchTokens);
    }

    /** The document a (non-deleted) version indexes, written at {@code indexedAt}. */
    public static ProductDocument of(ProductVersion v, Instant indexedAt) {
        if (v.deleted()) {
            throw new IllegalArgumentException("a deletion has no document: product " + v.productId());
        }
        String name = v.name() == null ? "" : v.name();
        long cents = Prices.cents(v.price());
        return new ProductDocument(
                v.productId(),
                name,
                name.toLowerCase(java.util.Locale.ROOT),
                v.description(),
                cents,
                Prices.display(cents),
                v.stockQuantity(),
                SearchTokens.of(name, v.description()),
                indexedAt,
                v.cdcTimestamp(),
                v.position());
    }
}
