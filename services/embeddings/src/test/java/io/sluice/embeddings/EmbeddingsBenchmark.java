package io.sluice.embeddings;

import io.sluice.core.config.Settings;
import io.sluice.db.Database;
import io.sluice.db.DatabaseConfig;
import io.sluice.db.Jdbc;
import io.sluice.embeddings.model.MiniLmEmbedder;
import io.sluice.embeddings.store.LuceneStore;
import io.sluice.embeddings.store.PgVectorStore;
import io.sluice.embeddings.store.SearchFilter;
import io.sluice.embeddings.store.SearchHit;
import io.sluice.embeddings.store.VectorStore;
import io.sluice.http.Metrics;
import io.sluice.testkit.Postgres;
import io.sluice.testkit.TestDatabase;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.util.VectorUtil;

/**
 * The embeddings benchmarks of docs/benchmarks.md, run by hand (not in {@code verify}): {@code
 * services/embeddings/bench.sh [--texts N] [--vectors N] [--queries N] [--stores lucene,pgvector] [--skip-throughput]
 * [--skip-search] [--m M] [--ef-construction EF] [--ef-search EF] [--warmup N]}; {@code --m} and {@code --ef-construction} set {@code
 * embedding.hnsw.*} (default: each store's defaults); {@code --warmup} is the number of texts projected before the
 * measured ones (default: 500, at most a quarter of {@code --texts}): the JIT compilers are still busy with the
 * projection's code after 500 texts, which the per-thread CPU figures printed with each throughput run show.
 *
 * <ol>
 *   <li>Backlog throughput: N real sentences are written to {@code text_messages} with the projection stopped; then
 *       it is started and timed until every text has its embedding. Raw batch inference of the same model on the
 *       same texts, in the same JVM, before and after, is the baseline.
 *   <li>Search: 100,000 real sentence vectors (cached in target/bench) loaded into each store; 1,000 held-out queries
 *       (not in the corpus); p50/p99 latency of the store's search (vector search plus reading the rows) and
 *       recall@10 against exact brute-force search.
 * </ol>
 */
public final class EmbeddingsBenchmark {
    private static final Path CACHE = Path.of("target", "bench");
    /** {@code --m}, {@code --ef-construction}; 0: the store's default. */
    private static int m;

    private static int warmupTexts = -1;
    private static int efConstruction;
    /** {@code --ef-search}; 0: the store's default. */
    private static int efSearch;

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        int texts = Integer.parseInt(opt.getOrDefault("texts", "4000"));
        int vectors = Integer.parseInt(opt.getOrDefault("vectors", "100000"));
        int queries = Integer.parseInt(opt.getOrDefault("queries", "1000"));
        int threads = Integer.parseInt(opt.getOrDefault("threads", Integer.toString(Math.min(4, cores()))));
        int batch = Integer.parseInt(opt.getOrDefault("batch", "32"));
        m = Integer.parseInt(opt.getOrDefault("m", Integer.toString(m)));
        warmupTexts = Integer.parseInt(opt.getOrDefault("warmup", Integer.toString(warmupTexts)));
        efConstruction = Integer.parseInt(opt.getOrDefault("ef-construction", Integer.toString(efConstruction)));
        efSearch = Integer.parseInt(opt.getOrDefault("ef-search", Integer.toString(efSearch)));
        List<String> stores =
                List.of(opt.getOrDefault("stores", "lucene,pgvector").split(","));
        boolean pgvector = LocalPgVector.problem() == null;
        System.out.printf(
                "machine: %d cores, load %s, %s %s; threads %d, batch %d; hnsw m %s, ef_construction %s; pgvector %s%n",
                cores(),
                load(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                threads,
                batch,
                m > 0 ? m : "(store default)",
                efConstruction > 0 ? efConstruction : "(store default)",
                pgvector ? "available" : "absent (" + LocalPgVector.problem() + ")");
        List<String> corpus = BenchCorpus.sentences(Math.max(texts, vectors + queries));
        System.out.printf("corpus: %d distinct sentences%n", corpus.size());
        if (!opt.containsKey("skip-throughput")) {
            for (String store : stores) {
                if (store.equals("pgvector") && !pgvector) {
                    continue;
                }
                throughput(store, corpus.subList(0, texts), threads, batch);
            }
        }
        if (!opt.containsKey("skip-search")) {
            List<String> docs = corpus.subList(0, Math.min(vectors, corpus.size() - queries));
            List<String> held = corpus.subList(corpus.size() - queries, corpus.size());
            float[][] docVectors;
            float[][] queryVectors;
            try (MiniLmEmbedder model = MiniLmEmbedder.load(threads, batch)) {
                docVectors = cached("docs-" + docs.size(), () -> embedAll(model, docs));
                queryVectors = cached("queries-" + held.size(), () -> {
                    float[][] q = new float[held.size()][];
                    for (int i = 0; i < q.length; i++) {
                        q[i] = model.embedQuery(held.get(i));
                    }
                    return q;
                });
                long[] nanos = new long[Math.min(500, held.size())];
                for (int i = 0; i < nanos.length; i++) {
                    model.embedQuery(held.get(i)); // warm-up pass
                }
                for (int i = 0; i < nanos.length; i++) {
                    long t = System.nanoTime();
                    model.embedQuery(held.get(i));
                    nanos[i] = System.nanoTime() - t;
                }
                Arrays.sort(nanos);
                System.out.printf(
                        Locale.ROOT,
                        "query embedding (minilm, one text): p50 %.2f ms, p99 %.2f ms over %d queries; load %s%n",
                        nanos[nanos.length / 2] / 1e6,
                        nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6,
                        nanos.length,
                        load());
            }
            int[][] exact = exactTop10(docVectors, queryVectors);
            for (String store : stores) {
                if (store.equals("pgvector") && !pgvector) {
                    continue;
                }
                search(store, docs, docVectors, queryVectors, exact);
            }
        }
        System.out.printf("load at end: %s%n", load());
        System.exit(0);
    }

    private static int m(String store) {
        return m > 0 ? m : store.equals("pgvector") ? EmbeddingsConfig.PGVECTOR_M : EmbeddingsConfig.LUCENE_M;
    }

    private static int efSearch(String store) {
        return efSearch > 0
                ? efSearch
                : store.equals("pgvector") ? EmbeddingsConfig.PGVECTOR_EF_SEARCH : EmbeddingsConfig.LUCENE_EF_SEARCH;
    }

    private static int efConstruction(String store) {
        return efConstruction > 0
                ? efConstruction
                : store.equals("pgvector")
                        ? EmbeddingsConfig.PGVECTOR_EF_CONSTRUCTION
                        : EmbeddingsConfig.LUCENE_EF_CONSTRUCTION;
    }

    // --- 1. backlog throughput ---

    private static void throughput(String store, List<String> texts, int threads, int batch) throws Exception {
        TestDatabase db = store.equals("pgvector") ? LocalPgVector.freshDatabase() : Postgres.freshDatabase("bench");
        Path dir = Files.createTempDirectory("bench-index-");
        try (MiniLmEmbedder raw = MiniLmEmbedder.load(threads, batch)) {
            EmbeddingsFixture.createTextMessages(db);
            Map<String, String> s = EmbeddingsFixture.settings(db, dir);
            s.putAll(Map.of(
                    "embedding.provider",
                    "minilm",
                    "embedding.store",
                    store,
                    "embedding.threads",
                    Integer.toString(threads),
                    "embedding.batch_size",
                    Integer.toString(batch),
                    "embedding.auto_start",
                    "false"));
            if (m > 0) {
                s.put("embedding.hnsw.m", Integer.toString(m));
            }
            if (efConstruction > 0) {
                s.put("embedding.hnsw.ef_construction", Integer.toString(efConstruction));
            }
            try (EmbeddingsService service =
                    EmbeddingsService.start(EmbeddingsConfig.from(Settings.of(s)), Metrics.prometheus())) {
                // Warm up the whole path (JIT) on other texts first, so that both sides are measured warm.
                List<String> warmup =
                        texts.subList(0, warmupTexts >= 0 ? warmupTexts : Math.min(500, texts.size() / 4));
                List<String> measured = texts.subList(warmup.size(), texts.size());
                insert(db, warmup);
                service.projection().start();
                awaitEmbeddings(db, service, warmup.size());
                service.projection().stop();
                insert(db, measured);
                int chunk = Projection.fetchSize(service.config());
                rawRate(raw, warmup, chunk, 1);
                rawRate(raw, warmup, chunk, 2);
                Rate before = rawRate(raw, measured, chunk, 1);
                Map<String, Long> threads0 = threadTicks();
                Rate before2 = rawRate(raw, measured, chunk, 2);
                Map<String, Long> threads1 = threadTicks();
                long cpu0 = cpu();
                long pg0 = postgresTicks();
                long t0 = System.nanoTime();
                service.projection().start();
                awaitEmbeddings(db, service, texts.size());
                double seconds = (System.nanoTime() - t0) / 1e9;
                Rate projected = new Rate(measured.size() / seconds, (cpu() - cpu0) / 1e6 / measured.size());
                Map<String, Long> threads2 = threadTicks();
                double pgMs = (postgresTicks() - pg0) * 10.0 / measured.size();
                System.out.println("CPU-ms per text by thread, raw two calls in flight: "
                        + perText(threads0, threads1, measured.size()));
                System.out.println(
                        "CPU-ms per text by thread, projection: " + perText(threads1, threads2, measured.size())
                                + String.format(Locale.ROOT, "PostgreSQL (all postgres processes) %.3f", pgMs));
                service.projection().stop();
                Rate after = rawRate(raw, measured, chunk, 1);
                Rate after2 = rawRate(raw, measured, chunk, 2);
                double rawMean = (before.perSecond() + after.perSecond()) / 2;
                double raw2Mean = (before2.perSecond() + after2.perSecond()) / 2;
                System.out.printf(
                        Locale.ROOT,
                        "throughput %-8s %d texts: projection %.0f texts/s (%.2f CPU-ms/text); raw batch inference"
                                + " %.0f / %.0f texts/s (%.2f CPU-ms/text); ratio %.2f; two calls in flight %.0f / %.0f"
                                + " texts/s (%.2f CPU-ms/text), ratio %.2f; load %s%n",
                        store,
                        measured.size(),
                        projected.perSecond(),
                        projected.cpuMsPerText(),
                        before.perSecond(),
                        after.perSecond(),
                        before.cpuMsPerText(),
                        projected.perSecond() / rawMean,
                        before2.perSecond(),
                        after2.perSecond(),
                        before2.cpuMsPerText(),
                        projected.perSecond() / raw2Mean,
                        load());
            }
        } finally {
            if (store.equals("pgvector")) {
                LocalPgVector.drop(db);
            }
            ProjectionIT.deleteTree(dir);
        }
    }

    record Rate(double perSecond, double cpuMsPerText) {}

    /**
     * Waits until {@code count} texts have their embedding in PostgreSQL and are searchable: for Lucene, until its
     * searcher sees them (the last batch is indexed and refreshed after its transaction commits); for pgvector, until
     * its index is there. Polls the service's own counter (the service runs in this JVM), 20 times a second, and
     * confirms with one {@code count(*)} at the end: a {@code count(*)} per poll cost the machine 5 % of its CPU at
     * 64,000 rows, taken from the projection it measured (as a connection per poll did before).
     */
    private static void awaitEmbeddings(TestDatabase db, EmbeddingsService service, int count) throws Exception {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM text_embeddings")) {
            while (true) {
                if (service.projection().embeddedSinceStart() >= count && searchable(service.store()) >= count) {
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) >= count) {
                            return;
                        }
                    }
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Documents a search can find now (Lucene), or {@link Long#MAX_VALUE} when committed means searchable (pgvector,
     * once its HNSW index is there: a backlog may have set it aside, and the clock runs until it is built again).
     */
    private static long searchable(VectorStore store) {
        Map<String, Object> d = store.describe();
        if (d.get("index_state") instanceof String state && !state.equals("ready")) {
            return 0;
        }
        return d.get("documents") instanceof Number n ? n.longValue() : Long.MAX_VALUE;
    }

    /**
     * The model alone on the same texts, fed as the projection feeds it: calls of its fetch size, {@code inFlight}
     * of them at a time (1: one after the other; 2: as the projection's two model callers do, which keeps the
     * model's workers busy between calls).
     */
    private static Rate rawRate(MiniLmEmbedder model, List<String> texts, int chunk, int inFlight) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(inFlight);
        try {
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            ArrayDeque<Future<?>> running = new ArrayDeque<>();
            for (int i = 0; i < texts.size(); i += chunk) {
                if (running.size() == inFlight) {
                    running.poll().get();
                }
                List<String> part = texts.subList(i, Math.min(texts.size(), i + chunk));
                running.add(callers.submit(() -> model.embed(part)));
            }
            for (Future<?> f : running) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Rate(texts.size() / seconds, (cpu() - cpu0) / 1e6 / texts.size());
        } finally {
            callers.shutdown();
        }
    }

    private static void insert(TestDatabase db, List<String> texts) throws Exception {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO text_messages (id, message)" + " SELECT * FROM unnest(?::uuid[], ?::text[])")) {
            for (int i = 0; i < texts.size(); i += 1000) {
                List<String> part = texts.subList(i, Math.min(texts.size(), i + 1000));
                ps.setArray(
                        1,
                        c.createArrayOf(
                                "uuid",
                                part.stream().map(t -> UUID.randomUUID()).toArray()));
                ps.setArray(2, c.createArrayOf("text", part.toArray()));
                ps.executeUpdate();
            }
        }
    }

    // --- 2. search latency and recall ---

    private static void search(String storeName, List<String> docs, float[][] vectors, float[][] queries, int[][] exact)
            throws Exception {
        TestDatabase db =
                storeName.equals("pgvector") ? LocalPgVector.freshDatabase() : Postgres.freshDatabase("benchsearch");
        Path dir = Files.createTempDirectory("bench-search-index-");
        DatabaseConfig config = DatabaseConfig.from(Settings.of(EmbeddingsFixture.settings(db, dir)));
        try (Database database = Database.connect(config, "bench", Metrics.prometheus(), Duration.ofSeconds(10))) {
            EmbeddingsFixture.createTextMessages(db);
            database.migrate("embeddings_schema_history", "classpath:db/embeddings");
            EmbeddingTable table = new EmbeddingTable(database.dataSource());
            String epoch = table.stamp("minilm/all-minilm-l6-v2-q", 384);
            VectorStore store = storeName.equals("pgvector")
                    ? new PgVectorStore(
                            database.dataSource(),
                            efSearch(storeName),
                            m(storeName),
                            efConstruction(storeName),
                            0,
                            "1GB")
                    : new LuceneStore(
                            database.dataSource(), dir, efSearch(storeName), m(storeName), efConstruction(storeName));
            try (store) {
                Jdbc.transaction(database.dataSource(), "prepare", c -> {
                    store.prepare(c, 384);
                    try (Statement st = c.createStatement()) {
                        st.execute("DROP INDEX IF EXISTS text_embeddings_embedding_hnsw");
                    }
                    return null;
                });
                UUID[] ids = new UUID[docs.size()];
                Random random = new Random(7);
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = new UUID(random.nextLong(), random.nextLong());
                }
                long t0 = System.nanoTime();
                load(db, store, docs, vectors, ids);
                double loadSeconds = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                Jdbc.transaction(database.dataSource(), "index", c -> {
                    store.prepare(c, 384);
                    return null;
                });
                store.catchUp(epoch); // Lucene: rebuilt from PostgreSQL
                store.refresh(); // pgvector: starts CREATE INDEX CONCURRENTLY, as the service does
                while (!"ready".equals(store.describe().getOrDefault("index_state", "ready"))) {
                    Thread.sleep(20);
                }
                double buildSeconds = (System.nanoTime() - t0) / 1e9;
                Map<UUID, Integer> index = new HashMap<>();
                for (int i = 0; i < ids.length; i++) {
                    index.put(ids[i], i);
                }
                for (int i = 0; i < Math.min(200, queries.length); i++) {
                    store.search(queries[i], 10, SearchFilter.NONE);
                }
                long[] nanos = new long[queries.length];
                double recall = 0;
                for (int q = 0; q < queries.length; q++) {
                    long s = System.nanoTime();
                    List<SearchHit> hits = store.search(queries[q], 10, SearchFilter.NONE);
                    nanos[q] = System.nanoTime() - s;
                    Set<Integer> truth = new HashSet<>();
                    for (int d : exact[q]) {
                        truth.add(d);
                    }
                    int found = 0;
                    for (SearchHit h : hits) {
                        if (truth.contains(index.get(h.textMessageId()))) {
                            found++;
                        }
                    }
                    recall += found / 10.0;
                }
                Arrays.sort(nanos);
                System.out.printf(
                        Locale.ROOT,
                        "search %-8s %d vectors, %d queries, k=10 (ef_search %d, m %d, ef_construction %d): p50 %.2f ms, p99 %.2f ms,"
                                + " recall@10 %.3f; load %.1f s, index build %.1f s; machine load %s%n",
                        storeName,
                        docs.size(),
                        queries.length,
                        efSearch(storeName),
                        m(storeName),
                        efConstruction(storeName),
                        nanos[nanos.length / 2] / 1e6,
                        nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6,
                        recall / queries.length,
                        loadSeconds,
                        buildSeconds,
                        load());
            }
        } finally {
            if (storeName.equals("pgvector")) {
                LocalPgVector.drop(db);
            }
            ProjectionIT.deleteTree(dir);
        }
    }

    private static void load(TestDatabase db, VectorStore store, List<String> docs, float[][] vectors, UUID[] ids)
            throws Exception {
        try (Connection c = db.connection();
                PreparedStatement messages = c.prepareStatement("INSERT INTO text_messages (id, message, source)"
                        + " SELECT u.id, u.m, 'kafka' FROM unnest(?::uuid[], ?::text[]) AS u(id, m)");
                PreparedStatement embeddings = c.prepareStatement(
                        "INSERT INTO text_embeddings (text_message_id, text_content, embedding, model, source,"
                                + " message_created_at) SELECT u.id, u.m, u.v::" + store.columnType()
                                + ", 'minilm/all-minilm-l6-v2-q', 'kafka', now()"
                                + " FROM unnest(?::uuid[], ?::text[], ?::text[]) AS u(id, m, v)")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE text_messages DISABLE TRIGGER USER");
            }
            for (int i = 0; i < docs.size(); i += 1000) {
                int to = Math.min(docs.size(), i + 1000);
                Object[] part = Arrays.copyOfRange(ids, i, to);
                Object[] text = docs.subList(i, to).toArray();
                String[] literals = new String[to - i];
                for (int j = i; j < to; j++) {
                    literals[j - i] = store.literal(vectors[j]);
                }
                messages.setArray(1, c.createArrayOf("uuid", part));
                messages.setArray(2, c.createArrayOf("text", text));
                messages.executeUpdate();
                embeddings.setArray(1, c.createArrayOf("uuid", part));
                embeddings.setArray(2, c.createArrayOf("text", text));
                embeddings.setArray(3, c.createArrayOf("text", literals));
                embeddings.executeUpdate();
                c.commit();
            }
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE text_messages ENABLE TRIGGER USER");
                st.execute("ANALYZE text_embeddings");
            }
            c.commit();
        }
    }

    /** Exact top 10 by dot product (the vectors are unit length, so cosine), brute force. */
    private static int[][] exactTop10(float[][] docs, float[][] queries) {
        int[][] out = new int[queries.length][];
        for (int q = 0; q < queries.length; q++) {
            int[] best = new int[10];
            float[] score = new float[10];
            Arrays.fill(score, Float.NEGATIVE_INFINITY);
            for (int d = 0; d < docs.length; d++) {
                float s = VectorUtil.dotProduct(queries[q], docs[d]);
                if (s > score[9]) {
                    int i = 9;
                    while (i > 0 && score[i - 1] < s) {
                        score[i] = score[i - 1];
                        best[i] = best[i - 1];
                        i--;
                    }
                    score[i] = s;
                    best[i] = d;
                }
            }
            out[q] = best;
        }
        return out;
    }

    private static float[][] embedAll(MiniLmEmbedder model, List<String> texts) {
        float[][] out = new float[texts.size()][];
        long t0 = System.nanoTime();
        for (int i = 0; i < texts.size(); i += 256) {
            var part = model.embed(texts.subList(i, Math.min(texts.size(), i + 256)));
            for (int j = 0; j < part.size(); j++) {
                out[i + j] = part.get(j).vector();
            }
            if (i % 10_240 == 0) {
                System.out.printf(
                        "embedded %d/%d (%.0f/s)%n", i, texts.size(), i / ((System.nanoTime() - t0) / 1e9 + 1e-9));
            }
        }
        return out;
    }

    interface Compute {
        float[][] run();
    }

    /** Vectors from target/bench/NAME.f32 when present (same corpus, same model), else computed and saved. */
    private static float[][] cached(String name, Compute compute) {
        Path file = CACHE.resolve(name + ".f32");
        try {
            if (Files.exists(file)) {
                try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
                    int n = in.readInt();
                    int dim = in.readInt();
                    float[][] v = new float[n][dim];
                    byte[] row = new byte[dim * 4];
                    for (int i = 0; i < n; i++) {
                        in.readFully(row);
                        java.nio.ByteBuffer.wrap(row).asFloatBuffer().get(v[i]);
                    }
                    return v;
                }
            }
            float[][] v = compute.run();
            Files.createDirectories(CACHE);
            try (DataOutputStream out =
                    new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
                out.writeInt(v.length);
                out.writeInt(v[0].length);
                for (float[] row : v) {
                    for (float x : row) {
                        out.writeFloat(x);
                    }
                }
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i].replaceFirst("^--", "");
            if (a.startsWith("skip-")) {
                out.put(a, "true");
            } else if (i + 1 < args.length) {
                out.put(a, args[++i]);
            }
        }
        return out;
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * CPU time of every thread of this process (Java threads, GC, JIT compilers), in clock ticks, by "tid name":
     * where the projection's CPU goes beyond inference.
     */
    private static Map<String, Long> threadTicks() {
        Map<String, Long> out = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.put(task.getFileName() + " " + name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** CPU time of all processes named postgres on this machine (other databases' included), in clock ticks. */
    private static long postgresTicks() {
        long sum = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .equals("postgres")) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    /** The threads that used CPU between two {@link #threadTicks()}, by name, in CPU-ms per text (ticks: 10 ms). */
    private static String perText(Map<String, Long> from, Map<String, Long> to, int texts) {
        Map<String, Double> byName = new java.util.TreeMap<>();
        to.forEach((k, v) -> {
            long d = v - from.getOrDefault(k, 0L);
            if (d > 0) {
                byName.merge(k.substring(k.indexOf(' ') + 1), d * 10.0 / texts, Double::sum);
            }
        });
        StringBuilder b = new StringBuilder();
        byName.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> b.append(String.format(Locale.ROOT, "%s %.3f; ", e.getKey(), e.getValue())));
        return b.toString();
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
