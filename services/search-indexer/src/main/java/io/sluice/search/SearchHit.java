package io.sluice.search;

/**
 * A search result.
 *
 * @param product the indexed product
 * @param matched how many query tokens it matched
 * @param score {@code matched / query tokens} (0 for an empty query)
 */
public record SearchHit(ProductDocument product, int matched, double score) {}
