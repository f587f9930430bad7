package io.sluice.embeddings.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Where the vectors of {@code text_embeddings} are searched: pgvector inside PostgreSQL, or a Lucene HNSW index on
 * disk next to the {@code real[]} column. PostgreSQL stays the source of truth either way.
 *
 * <p>Calls that change the index ({@link #added}, {@link #deleted}, {@link #catchUp}, {@link #rebuild}) come from
 * the projection's single worker thread; {@link #search} and {@link #describe} from any thread.
 */
public interface VectorStore extends AutoCloseable {

    /** {@code pgvector} or {@code lucene}, as {@code /status} shows it. */
    String name();

    /** The SQL type vectors are written as ({@code vector} or {@code real[]}). */
    String columnType();

    /** A vector as a SQL literal of {@link #columnType()}. */
    String literal(float[] vector);

    /** Makes the {@code embedding} column and its index fit this store, for vectors of {@code dimension}. */
    void prepare(Connection connection, int dimension) throws SQLException;

    /**
     * Brings the index up to date with PostgreSQL (at start, after a missed notification): rebuilt when missing or
     * stamped with another {@code epoch}, else only the differences applied.
     */
    void catchUp(String epoch);

    /** Embeddings just committed to PostgreSQL. */
    void added(List<StoredEmbedding> rows);

    /** Embeddings deleted from PostgreSQL; null when unknown (the index then compares itself with PostgreSQL). */
    void deleted(Collection<UUID> textMessageIds);

    /** Rebuilds the index from the vectors in PostgreSQL. */
    void rebuild(String epoch);

    /** How many texts wait for an embedding, next to how many are stored. */
    record Backlog(long pending, long stored) {}

    /**
     * A sweep is about to embed a backlog ({@code size} counts it, an anti-join over the tables: ask only when it
     * matters). A store whose index is cheaper to build once than to grow row by row may set it aside here and build
     * it at the next {@link #refresh()}, which comes when the backlog is done. Default: nothing.
     */
    default void backlog(Supplier<Backlog> size) {}

    /** Makes every change so far visible to searches; called when the projection goes idle. */
    void refresh();

    /** Saves pending index changes (a no-op for pgvector); called regularly and at close. */
    void flush();

    /**
     * The {@code limit} nearest embeddings to the unit vector {@code query} by cosine distance, ascending, after
     * {@code filter}; never fewer than {@code limit} when that many match.
     */
    List<SearchHit> search(float[] query, int limit, SearchFilter filter);

    /** Details for {@code /status}. */
    Map<String, Object> describe();

    @Override
    void close();
}
