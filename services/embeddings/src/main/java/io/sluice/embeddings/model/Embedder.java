package io.sluice.embeddings.model;

import java.util.List;

/**
 * A sentence-embedding model: texts in, unit-length vectors of {@link #dimension()} floats out.
 *
 * <p>Implementations are thread-safe. {@link #embed} either returns one {@link Embedding} per text, in order (a
 * vector, or the reason the model cannot take that text), or throws {@link ModelUnavailableException} when the model
 * itself failed (an endpoint down, the runtime out of memory): the caller pauses and retries the whole batch.
 */
public interface Embedder extends AutoCloseable {

    /** {@code minilm}, {@code mock} or {@code http}. */
    String provider();

    /** What is stored with each vector; vectors of different model ids are never compared. */
    String modelId();

    /** A description for people ({@code all-MiniLM-L6-v2 (int8, ONNX Runtime)}). */
    String description();

    int dimension();

    /** One result per text, in order; texts should already be normalised ({@link TextNormalizer}). */
    List<Embedding> embed(List<String> texts);

    /** The vector of one search query, with the lowest latency the model offers. */
    default float[] embedQuery(String text) {
        Embedding e = embed(List.of(text)).get(0);
        if (e.vector() == null) {
            throw new IllegalArgumentException(e.rejection());
        }
        return e.vector();
    }

    /** Whether the model answers (loaded, or its endpoint reachable at the last call). */
    boolean isReady();

    @Override
    void close();
}
