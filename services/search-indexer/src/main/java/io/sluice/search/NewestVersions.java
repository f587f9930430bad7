package io.sluice.search;

import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import java.util.List;
import java.util.TreeMap;

/**
 * The versions of a batch that can change the index: per product, the newest one ({@link
 * io.sluice.cdc.SourcePosition#isAfter}; of equal positions, the first). The others are superseded within the batch
 * and count as stale (see {@code SearchStoreContract}). Stores write only these, so one statement per batch touches
 * each product once.
 *
 * @param newest one version per product, in product id order (the order stores lock in)
 * @param superseded how many versions of the batch are older than or equal to another of the same product
 */
public record NewestVersions(List<ProductVersion> newest, int superseded) {

    public NewestVersions {
        newest = List.copyOf(newest);
    }

    public static NewestVersions of(Batch<ProductVersion> batch) {
        TreeMap<Long, ProductVersion> newest = new TreeMap<>();
        for (Decoded<ProductVersion> d : batch.records()) {
            ProductVersion v = d.value();
            newest.merge(v.productId(), v, (a, b) -> b.position().isAfter(a.position()) ? b : a);
        }
        return new NewestVersions(List.copyOf(newest.values()), batch.size() - newest.size());
    }
}
