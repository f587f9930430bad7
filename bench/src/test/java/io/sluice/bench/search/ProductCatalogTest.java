package io.sluice.bench.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductCatalogTest {

    @Test
    void the_same_seed_gives_the_same_products_and_queries() {
        ProductCatalog a = new ProductCatalog(5);
        ProductCatalog b = new ProductCatalog(5);

        for (long id = 1; id <= 100; id++) {
            assertThat(a.product(id)).isEqualTo(b.product(id));
        }
        assertThat(a.query()).isEqualTo(b.query());
    }

    @Test
    void tokens_have_a_skewed_frequency_and_prices_are_cents_in_range() {
        ProductCatalog catalog = new ProductCatalog(11);
        Map<String, Integer> frequency = new HashMap<>();
        int outOfStock = 0;
        for (long id = 1; id <= 5_000; id++) {
            ProductCatalog.Product p = catalog.product(id);
            for (String token : p.name().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                frequency.merge(token, 1, Integer::sum);
            }
            assertThat(p.price().scale()).isEqualTo(2);
            assertThat(p.price()).isBetween(new BigDecimal("0.99"), new BigDecimal("1999.99"));
            outOfStock += p.stock() == 0 ? 1 : 0;
        }
        List<Integer> counts = new ArrayList<>(frequency.values());
        counts.sort(null);
        assertThat(counts.getLast()).as("the most common token").isGreaterThan(500);
        assertThat(counts.getFirst()).as("the rarest (model numbers)").isLessThan(5);
        assertThat(outOfStock).isBetween(300, 700);
    }

    @Test
    void queries_have_one_to_three_lower_case_words() {
        ProductCatalog catalog = new ProductCatalog(3);
        for (int i = 0; i < 500; i++) {
            ProductCatalog.Query q = catalog.query();
            assertThat(q.q()).isEqualTo(q.q().toLowerCase(Locale.ROOT));
            assertThat(Arrays.asList(q.q().split(" "))).hasSizeBetween(1, 3).allSatisfy(w -> assertThat(w)
                    .hasSizeGreaterThanOrEqualTo(2));
        }
    }
}
