package io.sluice.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.embeddings.store.SearchHit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Search results under the page byte budget ({@code http.max_page_bytes}), as every list endpoint. */
class SearchBudgetTest {

    private static List<SearchHit> hits(int count, int textChars) {
        List<SearchHit> hits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            hits.add(new SearchHit(i, UUID.randomUUID(), "x".repeat(textChars), 0.1 * i, Instant.EPOCH));
        }
        return hits;
    }

    @Test
    void large_hits_stop_once_past_the_budget() {
        List<SearchHit> all = hits(10, 300_000);

        assertThat(EmbeddingsRoutes.withinBudget(all, 1 << 20)).hasSize(4).isEqualTo(all.subList(0, 4));
    }

    @Test
    void hits_within_the_budget_are_all_kept() {
        List<SearchHit> all = hits(100, 1_000);

        assertThat(EmbeddingsRoutes.withinBudget(all, 4 << 20)).isEqualTo(all);
    }

    @Test
    void a_hit_larger_than_the_budget_still_comes_alone() {
        assertThat(EmbeddingsRoutes.withinBudget(hits(3, 5_000), 100)).hasSize(1);
        assertThat(EmbeddingsRoutes.withinBudget(List.of(), 100)).isEmpty();
    }

    @Test
    void multi_byte_text_weighs_its_utf8_bytes() {
        // 200,000 three-byte characters: 600 KB each, so two pass 1 MiB.
        List<SearchHit> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(new SearchHit(i, UUID.randomUUID(), "€".repeat(200_000), 0, Instant.EPOCH));
        }

        assertThat(EmbeddingsRoutes.withinBudget(all, 1 << 20)).hasSize(2);
    }
}
