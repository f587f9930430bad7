package io.sluice.search;

import java.util.List;

/**
 * One page of results, in ranking order.
 *
 * @param hits at most the query's limit
 * @param nextCursor the {@link SearchCursor} after the last hit when more may follow, else null
 */
public record SearchPage(List<SearchHit> hits, String nextCursor) {
    public SearchPage {
        hits = List.copyOf(hits);
    }
}
