package io.sluice.embeddings.store;

import java.time.Instant;

/**
 * Optional restrictions of a search: messages created at or after {@code since}, and from {@code source}
 * ({@code api} or {@code kafka}). Null means no restriction.
 */
public record SearchFilter(Instant since, String source) {
    public static final SearchFilter NONE = new SearchFilter(null, null);

    public boolean isEmpty() {
        return since == null && source == null;
    }
}
