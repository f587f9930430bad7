package io.sluice.embeddings;

import io.sluice.core.config.ConfigException;
import io.sluice.core.config.Settings;
import io.sluice.db.DatabaseConfig;
import io.sluice.http.HttpServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The embeddings service's configuration (docs/adr/0003-config-precedence.md for the layers).
 *
 * @param database {@code database.*} as in {@link DatabaseConfig}: the database that holds {@code text_messages}
 * @param http {@code embeddings.http.port} (env {@code EMBEDDINGS_HTTP_PORT}), default 5003; {@code http.host} as in
 *     {@link HttpServerConfig}. Run alone ({@link #standalone}), {@code http.port} (env {@code HTTP_PORT}) works too.
 * @param provider {@code embedding.provider} (env {@code EMBEDDING_PROVIDER}): {@code minilm} (default),
 *     {@code mock} or {@code http}
 * @param threads {@code embedding.threads} (env {@code EMBEDDING_THREADS}): inference workers, each with one ONNX
 *     Runtime intra-op thread; default the number of cores, at most 4
 * @param batchSize {@code embedding.batch_size}: texts per inference call, default 32
 * @param dimension {@code embedding.dimension}: vector size for {@code mock} and {@code http}, default 384 (the
 *     {@code minilm} model is always 384)
 * @param httpUrl {@code embedding.http.url} (env {@code EMBEDDING_HTTP_URL}): base URL of an OpenAI-compatible
 *     server; {@code /v1/embeddings} is appended unless the URL already ends in {@code /embeddings}
 * @param httpModel {@code embedding.http.model} (env {@code EMBEDDING_HTTP_MODEL})
 * @param httpApiKey {@code embedding.http.api_key} (env {@code EMBEDDING_HTTP_API_KEY}), sent as a bearer token
 * @param httpTimeout {@code embedding.http.timeout_ms}, default 30000
 * @param store {@code embedding.store} (env {@code EMBEDDING_STORE}): {@code auto} (default: pgvector when the
 *     server has the extension, else Lucene), {@code pgvector} or {@code lucene}
 * @param luceneDirectory {@code embedding.lucene.directory}: the on-disk index, default
 *     {@code data/embeddings/lucene}
 * @param efSearch {@code embedding.ef_search}: candidates an HNSW search explores (pgvector {@code hnsw.ef_search},
 *     Lucene's k), at least the requested limit; 0 when not set: the store's default ({@link #efSearch(String)})
 * @param hnswM {@code embedding.hnsw.m}: neighbours per node of the HNSW graph (pgvector {@code m}, Lucene's max
 *     connections); 0 when not set: the store's default ({@link #hnswM(String)})
 * @param hnswEfConstruction {@code embedding.hnsw.ef_construction}: candidates explored when a vector is inserted
 *     into the graph (pgvector {@code ef_construction}, Lucene's beam width); 0 when not set: the store's default
 *     ({@link #hnswEfConstruction(String)}). pgvector recreates its index when either setting changes.
 * @param bulkIndexMinBacklog {@code embedding.pgvector.bulk_index_min_backlog}: pgvector only; a sweep that finds at
 *     least this many texts pending, and at least half as many as are stored, drops the HNSW index and builds it again
 *     once the backlog is done (about three times cheaper than growing it row by row; searches scan exactly
 *     meanwhile); 0 never does; default 1000
 * @param maintenanceWorkMem {@code embedding.pgvector.maintenance_work_mem}: PostgreSQL's {@code
 *     maintenance_work_mem} for building the HNSW index (a graph that does not fit is built much slower); default
 *     {@code 512MB}
 * @param sweepInterval {@code embedding.sweep_interval_ms}: how often the anti-join sweep runs when no notification
 *     arrives, default 30000
 * @param autoStart {@code embedding.auto_start}: start projecting at boot (the original's {@code auto_start}), default
 *     true
 * @param maxBackoff {@code embedding.retry.max_backoff_ms}: longest pause between retries of a failing batch,
 *     default 30000
 */
public record EmbeddingsConfig(
        DatabaseConfig database,
        HttpServerConfig http,
        String provider,
        int threads,
        int batchSize,
        int dimension,
        String httpUrl,
        String httpModel,
        String httpApiKey,
        Duration httpTimeout,
        String store,
        Path luceneDirectory,
        int efSearch,
        int hnswM,
        int hnswEfConstruction,
        int bulkIndexMinBacklog,
        String maintenanceWorkMem,
        Duration sweepInterval,
        boolean autoStart,
        Duration maxBackoff) {

    public static final String SERVICE = "cqrs-embedding-gen";
    public static final int DEFAULT_HTTP_PORT = 5003;
    /**
     * HNSW defaults per store, chosen for backlog throughput with recall@10 of about 0.97 on 100,000 vectors
     * (docs/benchmarks.md, Embeddings): a graph built with a small ef_construction is cheaper to build, and a larger
     * ef_search gives the recall back at search time, where there is room (p99 a few ms against 20). pgvector's insert
     * cost grows mostly with m (each new neighbour's list is pruned again, in PostgreSQL's CPU); Lucene's graph
     * building grows with ef_construction and hardly with m (m 8 builds slower and recalls less than m 12).
     */
    public static final int PGVECTOR_M = 8;

    public static final int PGVECTOR_EF_CONSTRUCTION = 32;
    public static final int PGVECTOR_EF_SEARCH = 400;
    public static final int LUCENE_M = 12;
    public static final int LUCENE_EF_CONSTRUCTION = 32;
    public static final int LUCENE_EF_SEARCH = 200;

    /** Environment variables this service reads, and the keys they set. */
    public static final Map<String, String> ENV;

    static {
        Map<String, String> env = new HashMap<>(DatabaseConfig.ENV);
        env.put("EMBEDDINGS_HTTP_PORT", "embeddings.http.port");
        env.put("EMBEDDING_PROVIDER", "embedding.provider");
        env.put("EMBEDDING_THREADS", "embedding.threads");
        env.put("EMBEDDING_STORE", "embedding.store");
        env.put("EMBEDDING_HTTP_URL", "embedding.http.url");
        env.put("EMBEDDING_HTTP_MODEL", "embedding.http.model");
        env.put("EMBEDDING_HTTP_API_KEY", "embedding.http.api_key");
        ENV = Map.copyOf(env);
    }

    public EmbeddingsConfig {
        provider = oneOf("embedding.provider", provider, "minilm", "mock", "http");
        store = oneOf("embedding.store", store, "auto", "pgvector", "lucene");
        if (provider.equals("http") && (httpUrl == null || httpModel == null)) {
            throw new ConfigException(
                    "embedding.provider http needs embedding.http.url and embedding.http.model, got url=" + httpUrl
                            + " model=" + httpModel);
        }
        if (provider.equals("minilm") && dimension != 384) {
            throw new ConfigException("embedding.dimension must be 384 for the minilm model, got " + dimension);
        }
    }

    /** The configuration inside {@code sluice up}: the port is {@code embeddings.http.port}, default 5003. */
    public static EmbeddingsConfig from(Settings s) {
        int cores = Runtime.getRuntime().availableProcessors();
        HttpServerConfig shared = HttpServerConfig.from(s, DEFAULT_HTTP_PORT);
        return new EmbeddingsConfig(
                DatabaseConfig.from(s),
                new HttpServerConfig(
                        shared.host(),
                        s.integer("embeddings.http.port", DEFAULT_HTTP_PORT, 0, 65535),
                        shared.maxRequestBytes(),
                        shared.maxPageBytes(),
                        shared.access()),
                s.string("embedding.provider", "minilm").trim().toLowerCase(Locale.ROOT),
                s.integer("embedding.threads", Math.min(cores, 4), 1, 64),
                s.integer("embedding.batch_size", 32, 1, 1024),
                s.integer("embedding.dimension", 384, 2, 16_000),
                s.optional("embedding.http.url").orElse(null),
                s.optional("embedding.http.model").orElse(null),
                s.optional("embedding.http.api_key").orElse(null),
                s.millis("embedding.http.timeout_ms", Duration.ofSeconds(30)),
                s.string("embedding.store", "auto").trim().toLowerCase(Locale.ROOT),
                Path.of(s.string("embedding.lucene.directory", "data/embeddings/lucene")),
                s.isSet("embedding.ef_search") ? s.integer("embedding.ef_search", 0, 1, 1000) : 0,
                s.isSet("embedding.hnsw.m") ? s.integer("embedding.hnsw.m", 0, 2, 100) : 0,
                s.isSet("embedding.hnsw.ef_construction") ? s.integer("embedding.hnsw.ef_construction", 0, 4, 1000) : 0,
                s.integer("embedding.pgvector.bulk_index_min_backlog", 1000, 0, Integer.MAX_VALUE),
                maintenanceWorkMem(s.string("embedding.pgvector.maintenance_work_mem", "512MB")),
                s.millis("embedding.sweep_interval_ms", Duration.ofSeconds(30)),
                s.bool("embedding.auto_start", true),
                s.millis("embedding.retry.max_backoff_ms", Duration.ofSeconds(30)));
    }

    /** {@code embedding.hnsw.m}, or the default of {@code store} ({@code pgvector} or {@code lucene}). */
    public int hnswM(String store) {
        return hnswM > 0 ? hnswM : store.equals("pgvector") ? PGVECTOR_M : LUCENE_M;
    }

    /** {@code embedding.ef_search}, or the default of {@code store} ({@code pgvector} or {@code lucene}). */
    public int efSearch(String store) {
        return efSearch > 0 ? efSearch : store.equals("pgvector") ? PGVECTOR_EF_SEARCH : LUCENE_EF_SEARCH;
    }

    /** {@code embedding.hnsw.ef_construction}, or the default of {@code store} ({@code pgvector} or {@code lucene}). */
    public int hnswEfConstruction(String store) {
        return hnswEfConstruction > 0
                ? hnswEfConstruction
                : store.equals("pgvector") ? PGVECTOR_EF_CONSTRUCTION : LUCENE_EF_CONSTRUCTION;
    }

    /** The configuration of the service run alone: {@code http.port} (env {@code HTTP_PORT}) also sets its port. */
    public static EmbeddingsConfig standalone(Settings s) {
        if (!s.isSet("embeddings.http.port") && s.isSet("http.port")) {
            return from(s.with(Map.of("embeddings.http.port", s.required("http.port"))));
        }
        return from(s);
    }

    /** A PostgreSQL memory size ({@code 512MB}, {@code 1GB}, {@code 65536kB}): it goes into a SET statement. */
    private static String maintenanceWorkMem(String value) {
        String v = value.trim();
        if (!v.matches("[0-9]{1,9}\\s*(kB|MB|GB|TB)?")) {
            throw new ConfigException(
                    "embedding.pgvector.maintenance_work_mem must be a PostgreSQL size such as 512MB or 1GB, got '"
                            + value + "'");
        }
        return v;
    }

    private static String oneOf(String key, String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return value;
            }
        }
        throw new ConfigException(key + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }
}
