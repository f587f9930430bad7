package io.sluice.embeddings.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vectors stay in PostgreSQL as {@code real[]}; an Apache Lucene HNSW index on disk (dot product on unit vectors,
 * that is cosine) serves search. PostgreSQL is the truth: the index is stamped with the epoch of the stored vectors
 * and rebuilt from PostgreSQL when it is missing or stamped otherwise; after a crash only the difference is
 * applied. Each search asks HNSW for {@code max(limit, ef_search)} candidates (Lucene's k is its beam), then reads
 * the rows of the best ones from PostgreSQL, so an embedding deleted there never shows. Filters run inside the
 * vector search (Lucene switches to exact search when they are selective), so a filtered top-k is not short.
 *
 * <p>Index changes come from one thread (the projection); searches from any thread. Saved to disk by {@link
 * #flush()}; visible to searches as soon as the projection is idle, and every {@value #REFRESH_MILLIS} ms during a
 * backlog (each refresh writes a segment, and merging segments rebuilds HNSW graphs: refreshing after every batch
 * doubled the indexing cost).
 */
public final class LuceneStore implements VectorStore {
    private static final Logger log = LoggerFactory.getLogger(LuceneStore.class);
    /** While the projection is busy; when it goes idle, changes become visible at once ({@link #refresh()}). */
    static final long REFRESH_MILLIS = 5000;

    private static final double BUFFER_MB = 64;
    /** A quarter of the heap, at most 1 GB: 100,000 vectors of 384 floats need about 200 MB with their graph. */
    private static final double REBUILD_BUFFER_MB =
            Math.min(1024, Math.max(BUFFER_MB, Runtime.getRuntime().maxMemory() / 4.0 / (1 << 20)));

    private static final String ID = "mid";
    private static final String VECTOR = "vec";
    private static final String SOURCE = "source";
    private static final String CREATED = "ts";
    private static final String EPOCH = "sluice.epoch";

    private final StoredVectors stored;
    private final Path path;
    private final int efSearch;
    private final int maxConn;
    private final int beamWidth;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private volatile String epoch;
    private volatile String state = "opening";
    private boolean dirty;
    /** When the oldest change that searches cannot see yet was made (epoch ms), 0 when they see everything. */
    private long unseenSince;

    /**
     * @param maxConn HNSW neighbours per node ({@code embedding.hnsw.m})
     * @param beamWidth candidates explored per inserted vector ({@code embedding.hnsw.ef_construction})
     */
    public LuceneStore(DataSource dataSource, Path path, int efSearch, int maxConn, int beamWidth) {
        this.stored = new StoredVectors(dataSource);
        this.path = path.toAbsolutePath();
        this.efSearch = efSearch;
        this.maxConn = maxConn;
        this.beamWidth = beamWidth;
        try {
            java.nio.file.Files.createDirectories(this.path);
            this.directory = FSDirectory.open(this.path);
            this.epoch = DirectoryReader.indexExists(directory)
                    ? SegmentInfos.readLatestCommit(directory).getUserData().get(EPOCH)
                    : null;
            IndexWriterConfig config = new IndexWriterConfig();
            config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            config.setRAMBufferSizeMB(BUFFER_MB);
            config.setCommitOnClose(false);
            config.setCodec(codec(maxConn, beamWidth));
            this.writer = new IndexWriter(directory, config);
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the Lucene index in " + this.path + " (is another embeddings service using it?)", e);
        }
    }

    /**
     * The default codec with our HNSW parameters (Lucene's defaults are m 16, beam 100; building the graph is most
     * of the indexing cost). They only steer how graphs are built: the format is recorded per field, so any reader
     * of the default codec opens the index, and a change applies to segments written from then on.
     */
    private static Codec codec(int maxConn, int beamWidth) {
        Codec base = Codec.getDefault();
        KnnVectorsFormat hnsw = new Lucene99HnswVectorsFormat(maxConn, beamWidth);
        return new FilterCodec(base.getName(), base) {
            private final KnnVectorsFormat perField = new PerFieldKnnVectorsFormat() {
                @Override
                public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return hnsw;
                }
            };

            @Override
            public KnnVectorsFormat knnVectorsFormat() {
                return perField;
            }
        };
    }

    @Override
    public String name() {
        return "lucene";
    }

    @Override
    public String columnType() {
        return "real[]";
    }

    @Override
    public String literal(float[] vector) {
        return VectorCodec.literal(vector, '{', '}');
    }

    @Override
    public void prepare(Connection c, int dimension) throws SQLException {
        if (!"real[]".equals(PgVectorStore.columnType(c))) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP INDEX IF EXISTS " + PgVectorStore.INDEX);
                st.execute("ALTER TABLE text_embeddings ALTER COLUMN embedding TYPE real[] USING embedding::real[]");
            }
        }
    }

    @Override
    public void catchUp(String currentEpoch) {
        if (!currentEpoch.equals(epoch)) {
            log.info(
                    "Lucene index in {} is {}; rebuilding it from PostgreSQL",
                    path,
                    epoch == null ? "missing" : "stale");
            rebuild(currentEpoch);
            return;
        }
        if (stored.count() != liveDocs()) {
            reconcile();
        }
        state = "ready";
    }

    /** Applies the differences between the index and PostgreSQL. */
    private void reconcile() {
        state = "catching up";
        Set<UUID> indexed = indexedIds();
        Set<UUID> inPostgres = stored.ids();
        List<UUID> missing = new ArrayList<>();
        for (UUID id : inPostgres) {
            if (!indexed.remove(id)) {
                missing.add(id);
            }
        }
        if (!indexed.isEmpty()) {
            deleteAll(indexed);
        }
        for (int from = 0; from < missing.size(); from += 1000) {
            add(stored.fetch(missing.subList(from, Math.min(missing.size(), from + 1000))));
        }
        log.info("Lucene index caught up: {} added, {} removed", missing.size(), indexed.size());
        flush();
        refresh(true);
        state = "ready";
    }

    @Override
    public void rebuild(String newEpoch) {
        state = "rebuilding";
        long began = System.nanoTime();
        try {
            writer.deleteAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the Lucene index in " + path, e);
        }
        // Few, large segments: each segment is searched on its own, and merging them rebuilds graphs.
        writer.getConfig().setRAMBufferSizeMB(REBUILD_BUFFER_MB);
        int n = stored.forEach(1000, this::add);
        writer.getConfig().setRAMBufferSizeMB(BUFFER_MB);
        epoch = newEpoch;
        dirty = true;
        flush();
        refresh(true);
        state = "ready";
        log.info("Lucene index rebuilt: {} vectors in {} ms", n, (System.nanoTime() - began) / 1_000_000);
    }

    @Override
    public void added(List<StoredEmbedding> rows) {
        add(rows);
        refresh(false);
    }

    @Override
    public void deleted(Collection<UUID> ids) {
        if (ids == null) {
            reconcile();
            return;
        }
        deleteAll(ids);
        refresh(false);
    }

    private void add(List<StoredEmbedding> rows) {
        try {
            for (StoredEmbedding r : rows) {
                writer.updateDocument(new Term(ID, r.textMessageId().toString()), document(r));
            }
            dirty |= !rows.isEmpty();
            changed();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add " + rows.size() + " vectors to the Lucene index in " + path, e);
        }
    }

    private void deleteAll(Collection<UUID> ids) {
        try {
            Term[] terms = ids.stream().map(id -> new Term(ID, id.toString())).toArray(Term[]::new);
            writer.deleteDocuments(terms);
            dirty = true;
            changed();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete from the Lucene index in " + path, e);
        }
    }

    private static Document document(StoredEmbedding r) {
        Document d = new Document();
        d.add(new KeywordField(ID, r.textMessageId().toString(), Field.Store.YES));
        d.add(new KnnFloatVectorField(VECTOR, r.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        if (r.source() != null) {
            d.add(new KeywordField(SOURCE, r.source(), Field.Store.NO));
        }
        if (r.messageCreatedAt() != null) {
            d.add(new LongField(CREATED, r.messageCreatedAt().toEpochMilli(), Field.Store.NO));
        }
        return d;
    }

    private void changed() {
        if (unseenSince == 0) {
            unseenSince = System.currentTimeMillis();
        }
    }

    /**
     * Makes recent changes searchable: {@code now}, or once the oldest unseen change is {@value #REFRESH_MILLIS} ms
     * old (so a backlog writes a segment every {@value #REFRESH_MILLIS} ms, not one for its first batch too).
     */
    private void refresh(boolean now) {
        if (!now && (unseenSince == 0 || System.currentTimeMillis() - unseenSince < REFRESH_MILLIS)) {
            return;
        }
        try {
            searchers.maybeRefreshBlocking();
            unseenSince = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot refresh the Lucene searcher on " + path, e);
        }
    }

    @Override
    public void refresh() {
        if (unseenSince != 0) {
            refresh(true);
        }
    }

    @Override
    public void flush() {
        refresh(true);
        if (!dirty || epoch == null) {
            return;
        }
        try {
            writer.setLiveCommitData(Map.of(EPOCH, epoch).entrySet());
            writer.commit();
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the Lucene index in " + path, e);
        }
    }

    @Override
    public List<SearchHit> search(float[] query, int limit, SearchFilter filter) {
        int k = Math.max(limit, efSearch);
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a Lucene searcher on " + path, e);
        }
        try {
            ScoreDoc[] top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, k, filter(filter)), k).scoreDocs;
            StoredFields fields = searcher.storedFields();
            List<SearchHit> hits = new ArrayList<>(limit);
            // Ids are read only for the candidates needed: limit at first, more if PostgreSQL lost some meanwhile.
            for (int from = 0; from < top.length && hits.size() < limit; ) {
                int to = Math.min(top.length, from + limit - hits.size());
                List<UUID> ids = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    ids.add(UUID.fromString(fields.document(top[i].doc).get(ID)));
                }
                Map<UUID, SearchHit> rows = stored.hits(ids);
                for (int i = from; i < to; i++) {
                    SearchHit h = rows.get(ids.get(i - from));
                    if (h != null) {
                        // Lucene's DOT_PRODUCT score is (1 + cos) / 2.
                        double distance = Math.max(0.0, 2.0 - 2.0 * top[i].score);
                        hits.add(new SearchHit(h.id(), h.textMessageId(), h.textContent(), distance, h.createdAt()));
                    }
                }
                from = to;
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("Lucene search failed on " + path, e);
        } finally {
            release(searcher);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            log.warn("releasing a Lucene searcher failed: {}", e.toString());
        }
    }

    private static Query filter(SearchFilter f) {
        if (f.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (f.source() != null) {
            b.add(new TermQuery(new Term(SOURCE, f.source())), BooleanClause.Occur.FILTER);
        }
        if (f.since() != null) {
            b.add(
                    LongField.newRangeQuery(CREATED, f.since().toEpochMilli(), Long.MAX_VALUE),
                    BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    private Set<UUID> indexedIds() {
        Set<UUID> out = new HashSet<>();
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                StoredFields fields = leaf.reader().storedFields();
                for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                    if (live == null || live.get(d)) {
                        out.add(UUID.fromString(fields.document(d).get(ID)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Lucene index in " + path, e);
        }
        return out;
    }

    /** Documents in the index, pending changes included. */
    private long liveDocs() {
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            return reader.numDocs();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Lucene index in " + path, e);
        }
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", name());
        m.put("state", state);
        m.put("directory", path.toString());
        m.put("index", "hnsw (m=" + maxConn + ", beam=" + beamWidth + ", dot product on unit vectors)");
        m.put("ef_search", efSearch);
        IndexSearcher s = null;
        try {
            s = searchers.acquire();
            m.put("documents", s.getIndexReader().numDocs());
        } catch (IOException e) {
            m.put("documents", null);
        } finally {
            if (s != null) {
                release(s);
            }
        }
        return m;
    }

    @Override
    public void close() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("saving the Lucene index on close failed: {}", e.toString());
        }
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            log.warn("closing the Lucene index failed: {}", e.toString());
        }
    }
}
