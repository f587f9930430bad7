package io.sluice.embeddings;

/** The embeddings service's metric names, under the platform's {@code sluice.} prefix. */
final class EmbeddingsMetrics {
    /** Texts handled by the projection. Tag: outcome ({@code embedded}, {@code failed}). */
    static final String TEXTS = "sluice.embeddings.texts";
    /** Time to embed and store one batch. */
    static final String BATCH = "sluice.embeddings.batch";
    /** Time to answer one search, query embedding included. Tag: store. */
    static final String SEARCH = "sluice.embeddings.search";

    private EmbeddingsMetrics() {}
}
