package io.sluice.embeddings.store;

import io.sluice.db.DatabaseException;
import io.sluice.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vectors as pgvector {@code vector(N)} with an HNSW cosine index ({@code embedding.hnsw.m} and {@code
 * embedding.hnsw.ef_construction}; the index is recreated when they change), searched in PostgreSQL. Each search
 * sets {@code hnsw.ef_search} to at least the limit (an HNSW scan returns at most ef_search rows, so a smaller value
 * would cut the top-k short) and, with a filter, pgvector 0.8's iterative scan, so a
 * filtered top-k is not short either.
 *
 * <p>Growing an HNSW index row by row costs PostgreSQL about three times the CPU of building it once over the same
 * rows (every insert searches the graph through the buffer manager and rewrites its neighbours' pages, WAL
 * included). So when a sweep meets a backlog of at least {@code bulkMinBacklog} texts and at least half as many as
 * are stored (a first backfill, a reindex, a long outage), the index is dropped and built again, {@code
 * CONCURRENTLY}, once the backlog is done (at the next {@link #refresh()}). Searches meanwhile scan exactly: correct,
 * slower. A missing index (a first start, a crash in between, changed settings) is built the same way, when the
 * projection is first idle: {@link #prepare} does not hold up the start with it. Builds run on a thread of their own,
 * so the projection goes on embedding meanwhile. Thread-safe.
 */
public final class PgVectorStore implements VectorStore {
    private static final Logger log = LoggerFactory.getLogger(PgVectorStore.class);
    static final String INDEX = "text_embeddings_embedding_hnsw";
    private static final String INDEX_DEFINITION =
            " ON text_embeddings USING hnsw (embedding vector_cosine_ops) WITH (m = %d, ef_construction = %d)";

    private final DataSource dataSource;
    private final int efSearch;
    private final int m;
    private final int efConstruction;
    private final int bulkMinBacklog;
    private final String maintenanceWorkMem;
    /** There is no index (dropped for a backlog, or missing at start); the next refresh builds it. */
    private volatile boolean setAside;
    /** The last build started, or null. */
    private volatile Future<?> building;

    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pgvector-index-build");
        t.setDaemon(true);
        return t;
    });

    private volatile String version = "?";
    private volatile boolean iterativeScan;

    /**
     * @param bulkMinBacklog the smallest backlog for which the index is set aside and built again (0: never)
     * @param maintenanceWorkMem PostgreSQL's {@code maintenance_work_mem} for that build, e.g. {@code 512MB}
     */
    public PgVectorStore(
            DataSource dataSource,
            int efSearch,
            int m,
            int efConstruction,
            int bulkMinBacklog,
            String maintenanceWorkMem) {
        this.dataSource = dataSource;
        this.efSearch = efSearch;
        this.m = m;
        this.efConstruction = efConstruction;
        this.bulkMinBacklog = bulkMinBacklog;
        this.maintenanceWorkMem = maintenanceWorkMem;
    }

    /** The installed pgvector version, or null; creates the extension when the server has it and may. */
    public static String install(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS vector");
        }
        return installedVersion(c);
    }

    public static String installedVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'vector'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Whether the server could create the extension (its files are installed). */
    public static boolean isAvailable(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")) {
            return rs.next();
        }
    }

    @Override
    public String name() {
        return "pgvector";
    }

    @Override
    public String columnType() {
        return "vector";
    }

    @Override
    public String literal(float[] vector) {
        return VectorCodec.literal(vector, '[', ']');
    }

    @Override
    public void prepare(Connection c, int dimension) throws SQLException {
        version = install(c);
        iterativeScan = atLeast(version, 0, 8);
        String wanted = "vector(" + dimension + ")";
        if (!wanted.equals(columnType(c))) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP INDEX IF EXISTS " + INDEX);
                st.execute("ALTER TABLE text_embeddings ALTER COLUMN embedding TYPE " + wanted
                        + " USING embedding::real[]::" + wanted);
            }
        }
        List<String> options = List.of("m=" + m, "ef_construction=" + efConstruction);
        List<String> existing = indexOptions(c);
        try (Statement st = c.createStatement()) {
            if (existing != null && !existing.equals(options)) {
                log.info("rebuilding the HNSW index: it was built with {}, the settings ask for {}", existing, options);
                st.execute("DROP INDEX " + INDEX);
                existing = null;
            } else if (existing != null && !isValid(c)) {
                log.info("rebuilding the HNSW index: an interrupted concurrent build left it invalid");
                st.execute("DROP INDEX " + INDEX);
                existing = null;
            }
        }
        if (existing == null) {
            // Not here: the build would hold up the start (minutes on a large table), and a backlog found by the first
            // sweep would drop it again. The projection's first idle moment builds it (refresh).
            setAside = true;
            log.info(
                    "no HNSW index yet: it is built as soon as the projection is idle (searches scan exactly until then)");
        }
    }

    /** Whether the index is usable (a failed {@code CREATE INDEX CONCURRENTLY} leaves it invalid). */
    private static boolean isValid(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)")) {
            ps.setString(1, INDEX);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The storage options of the HNSW index ({@code [m=16, ef_construction=64]}), or null when it is missing. */
    private static List<String> indexOptions(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT coalesce(reloptions, '{}') FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, INDEX);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? List.of((String[]) rs.getArray(1).getArray()) : null;
            }
        }
    }

    /** {@code format_type} of {@code text_embeddings.embedding}: {@code real[]} or {@code vector(384)}. */
    static String columnType(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                        + " WHERE a.attrelid = 'text_embeddings'::regclass AND a.attname = 'embedding'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static boolean atLeast(String version, int major, int minor) {
        if (version == null) {
            return false;
        }
        String[] p = version.split("\\.");
        int ma = Integer.parseInt(p[0]);
        int mi = p.length > 1 ? Integer.parseInt(p[1].replaceAll("\\D.*", "")) : 0;
        return ma > major || (ma == major && mi >= minor);
    }

    @Override
    public void catchUp(String epoch) {}

    @Override
    public void added(List<StoredEmbedding> rows) {}

    @Override
    public void deleted(Collection<UUID> textMessageIds) {}

    @Override
    public void rebuild(String epoch) {
        if (setAside || isBuilding()) {
            return; // built from scratch at the next refresh anyway
        }
        Jdbc.maintenance(dataSource, "rebuilding the HNSW index", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("REINDEX INDEX " + INDEX);
            }
            return null;
        });
    }

    @Override
    public void backlog(Supplier<Backlog> size) {
        if (setAside || isBuilding() || bulkMinBacklog <= 0) {
            return;
        }
        Backlog b = size.get();
        long pending = b.pending();
        long stored = b.stored();
        if (pending < bulkMinBacklog || pending * 2 < stored) {
            return;
        }
        try {
            Jdbc.transaction(dataSource, "setting the HNSW index aside", c -> {
                try (Statement st = c.createStatement()) {
                    // DROP INDEX waits for running searches; don't queue every new search behind it for long.
                    st.execute("SET LOCAL lock_timeout = '5s'");
                    st.execute("DROP INDEX IF EXISTS " + INDEX);
                }
                return null;
            });
        } catch (DatabaseException e) {
            if (!"55P03".equals(e.sqlState())) { // lock_not_available
                throw e;
            }
            log.info("HNSW index kept for a backlog of {} texts: it was busy ({})", pending, e.getMessage());
            return;
        }
        setAside = true;
        log.info(
                "{} texts pending next to {} embeddings: HNSW index dropped, built again once they are embedded"
                        + " (searches scan exactly until then)",
                pending,
                stored);
    }

    /**
     * Starts building the index when there is none (a backlog set it aside, or it was missing at start), on a thread of
     * its own: the projection goes on meanwhile (a concurrent build takes in the rows inserted while it runs). A failed
     * build is tried again at the next refresh.
     */
    @Override
    public void refresh() {
        if (!setAside || isBuilding()) {
            return;
        }
        building = builder.submit(() -> {
            try {
                build();
                setAside = false;
            } catch (RuntimeException e) {
                log.warn("building the HNSW index failed, will try again: {}", e.getMessage());
            }
        });
    }

    private boolean isBuilding() {
        Future<?> b = building;
        return b != null && !b.isDone();
    }

    private void build() {
        long t0 = System.nanoTime();
        Jdbc.maintenance(dataSource, "building the HNSW index", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("SET maintenance_work_mem = '" + maintenanceWorkMem + "'");
                try {
                    if (!isValid(c)) {
                        st.execute("DROP INDEX CONCURRENTLY IF EXISTS " + INDEX);
                    }
                    st.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS " + INDEX
                            + INDEX_DEFINITION.formatted(m, efConstruction));
                } finally {
                    st.execute("RESET maintenance_work_mem");
                }
            }
            return null;
        });
        log.info("HNSW index built in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public void flush() {}

    @Override
    public List<SearchHit> search(float[] query, int limit, SearchFilter filter) {
        String q = literal(query);
        StringBuilder sql = new StringBuilder(
                "SELECT id, text_message_id, text_content, embedding <=> ?::vector, created_at FROM text_embeddings");
        List<Object> params = new ArrayList<>();
        params.add(q);
        String and = " WHERE ";
        if (filter.source() != null) {
            sql.append(and).append("source = ?");
            params.add(filter.source());
            and = " AND ";
        }
        if (filter.since() != null) {
            sql.append(and).append("message_created_at >= ?");
            params.add(Timestamp.from(filter.since()));
        }
        sql.append(" ORDER BY embedding <=> ?::vector LIMIT ?");
        params.add(q);
        params.add(limit);
        int ef = Math.max(limit, efSearch);
        boolean iterative = iterativeScan && !filter.isEmpty();
        return Jdbc.query(dataSource, "searching pgvector", c -> {
            // Session settings of a pooled connection, set before every search (one round trip): only HNSW scans
            // read them, and only searches make those.
            try (Statement st = c.createStatement()) {
                st.execute("SET hnsw.ef_search = " + ef
                        + (iterativeScan ? "; SET hnsw.iterative_scan = " + (iterative ? "strict_order" : "off") : ""));
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                List<SearchHit> hits = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hits.add(new SearchHit(
                                rs.getLong(1),
                                rs.getObject(2, UUID.class),
                                rs.getString(3),
                                rs.getDouble(4),
                                VectorCodec.instant(rs, 5)));
                    }
                }
                return hits;
            }
        });
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", name());
        m.put("extension_version", version);
        m.put("index", "hnsw (m=" + this.m + ", ef_construction=" + efConstruction + ", vector_cosine_ops)");
        m.put(
                "index_state",
                isBuilding()
                        ? "building (exact scans until it is done)"
                        : setAside ? "pending: built when the projection is idle, exact scans until then" : "ready");
        m.put("ef_search", efSearch);
        m.put("iterative_scan", iterativeScan);
        return m;
    }

    @Override
    public void close() {
        // A build still running dies with its connection when the pool closes; the invalid index it leaves is
        // replaced at the next start (prepare).
        builder.shutdownNow();
    }
}
