package io.sluice.search;

/**
 * A search result.
 *
 * @param product the indexed product
 * @param matched how many query tokens it matched
 * @param score {@code matched / query tokens} ({@link SearchQuery#score})
 */
public record SearchHit(ProductDocument product, int matched, double score) {}
