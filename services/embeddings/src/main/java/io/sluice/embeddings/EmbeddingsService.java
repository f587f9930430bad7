package io.sluice.embeddings;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.health.Health;
import io.sluice.core.health.HealthBuilder;
import io.sluice.db.Database;
import io.sluice.db.Jdbc;
import io.sluice.embeddings.model.Embedder;
import io.sluice.embeddings.model.HttpEmbedder;
import io.sluice.embeddings.model.MiniLmEmbedder;
import io.sluice.embeddings.model.MockEmbedder;
import io.sluice.embeddings.store.LuceneStore;
import io.sluice.embeddings.store.PgVectorStore;
import io.sluice.embeddings.store.SearchFilter;
import io.sluice.embeddings.store.SearchHit;
import io.sluice.embeddings.store.VectorStore;
import io.sluice.http.HttpServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running embeddings service: the database (migrated), the model, the vector store, the projection with its
 * change listener, and the REST API. {@link #close()} stops them in reverse order.
 */
public final class EmbeddingsService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddingsService.class);
    private static final Duration SOURCE_TABLE_WAIT = Duration.ofSeconds(60);

    private final EmbeddingsConfig config;
    private final Database database;
    private final Embedder embedder;
    private final VectorStore store;
    private final EmbeddingTable table;
    private final Projection projection;
    private final ChangeListener listener;
    private final Timer searchTimer;
    private HttpServer http;

    private EmbeddingsService(
            EmbeddingsConfig config,
            Database database,
            Embedder embedder,
            VectorStore store,
            EmbeddingTable table,
            Projection projection,
            ChangeListener listener,
            PrometheusMeterRegistry registry) {
        this.config = config;
        this.database = database;
        this.embedder = embedder;
        this.store = store;
        this.table = table;
        this.projection = projection;
        this.listener = listener;
        this.searchTimer = Timer.builder(EmbeddingsMetrics.SEARCH)
                .description("Searches answered, query embedding included")
                .tag("store", store.name())
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    public static EmbeddingsService start(EmbeddingsConfig config, PrometheusMeterRegistry registry) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Database db = Database.connect(config.database(), "embeddings", registry, Duration.ofSeconds(60));
            opened.add(0, db);
            awaitSourceTable(db);
            db.migrate("embeddings_schema_history", "classpath:db/embeddings");
            long began = System.nanoTime();
            Embedder embedder = embedder(config);
            opened.add(0, embedder);
            log.info(
                    "embedding model {} ready in {} ms",
                    embedder.description(),
                    (System.nanoTime() - began) / 1_000_000);
            VectorStore store = store(config, db);
            opened.add(0, store);
            EmbeddingTable table = new EmbeddingTable(db.dataSource());
            String epoch = table.stamp(embedder.modelId(), embedder.dimension());
            // Without the pool's timeouts: changing the vector column's type rewrites the table.
            Jdbc.maintenance(db.dataSource(), "preparing the " + store.name() + " store", c -> {
                c.setAutoCommit(false); // the pool rolls back on return if prepare fails, and restores auto-commit
                store.prepare(c, embedder.dimension());
                c.commit();
                return null;
            });
            Projection projection = new Projection(table, embedder, store, epoch, config, registry);
            opened.add(0, projection);
            ChangeListener listener = new ChangeListener(config.database(), new ChangeListener.Events() {
                @Override
                public void pending(java.util.Set<java.util.UUID> ids) {
                    projection.hint(ids);
                }

                @Override
                public void deleted(java.util.Set<java.util.UUID> ids) {
                    projection.deleted(ids);
                }
            });
            opened.add(0, listener.start());
            EmbeddingsService service =
                    new EmbeddingsService(config, db, embedder, store, table, projection, listener, registry);
            if (config.autoStart()) {
                projection.start();
            }
            EmbeddingsRoutes routes = new EmbeddingsRoutes(service, config.http());
            service.http = HttpServer.start(
                    EmbeddingsConfig.SERVICE, config.http(), registry, service::health, routes::register);
            return service;
        } catch (RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static Embedder embedder(EmbeddingsConfig c) {
        return switch (c.provider()) {
            case "mock" -> new MockEmbedder(c.dimension());
            case "http" ->
                new HttpEmbedder(
                        c.httpUrl(), c.httpModel(), c.httpApiKey(), c.dimension(), c.batchSize(), c.httpTimeout());
            default -> MiniLmEmbedder.load(c.threads(), c.batchSize());
        };
    }

    /** The configured store; {@code auto} picks pgvector when the server has (or can create) the extension. */
    private static VectorStore store(EmbeddingsConfig c, Database db) {
        String choice = c.store();
        if (!choice.equals("lucene")) {
            String why = Jdbc.query(db.dataSource(), "looking for pgvector", conn -> pgvectorProblem(conn));
            if (why == null) {
                return new PgVectorStore(
                        db.dataSource(),
                        c.efSearch("pgvector"),
                        c.hnswM("pgvector"),
                        c.hnswEfConstruction("pgvector"),
                        c.bulkIndexMinBacklog(),
                        c.maintenanceWorkMem());
            }
            if (choice.equals("pgvector")) {
                throw new IllegalStateException(
                        "embedding.store is pgvector but " + why
                                + "; install pgvector on the server (scripts/install-pgvector.sh) or set embedding.store=lucene");
            }
            log.info("pgvector not usable ({}); searching with an embedded Lucene index", why);
        }
        return new LuceneStore(
                db.dataSource(),
                c.luceneDirectory(),
                c.efSearch("lucene"),
                c.hnswM("lucene"),
                c.hnswEfConstruction("lucene"));
    }

    /** Why pgvector cannot be used, or null when it can (creating the extension if needed). */
    private static String pgvectorProblem(Connection c) throws SQLException {
        if (PgVectorStore.installedVersion(c) != null) {
            return null;
        }
        if (!PgVectorStore.isAvailable(c)) {
            return "the PostgreSQL server has no pgvector extension";
        }
        try {
            PgVectorStore.install(c);
            return null;
        } catch (SQLException e) {
            return "CREATE EXTENSION vector failed: " + e.getMessage();
        }
    }

    /** Waits for the text writer's {@code text_messages} table, which the embeddings table references. */
    private static void awaitSourceTable(Database db) {
        long deadline = System.nanoTime() + SOURCE_TABLE_WAIT.toNanos();
        boolean logged = false;
        while (true) {
            boolean exists = Jdbc.query(db.dataSource(), "looking for text_messages", c -> {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT to_regclass('text_messages') IS NOT NULL")) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            });
            if (exists) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("table text_messages does not exist in database "
                        + db.config().name() + " after " + SOURCE_TABLE_WAIT.toSeconds()
                        + " s; start the text writer first (it owns that table)");
            }
            if (!logged) {
                log.info(
                        "waiting for the text writer to create text_messages in {}",
                        db.config().name());
                logged = true;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for text_messages", e);
            }
        }
    }

    // --- what the routes call ---

    List<SearchHit> search(String query, int limit, SearchFilter filter) {
        long began = System.nanoTime();
        try {
            return store.search(embedder.embedQuery(query), limit, filter);
        } finally {
            searchTimer.record(Duration.ofNanos(System.nanoTime() - began));
        }
    }

    /** The service's health, as {@code /health} reports it. */
    public Health health() {
        boolean modelUp = embedder.isReady();
        Projection.Status p = projection.status();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("provider", embedder.provider());
        model.put("name", embedder.description());
        model.put("ready", modelUp);
        Map<String, Object> projectionDetails = new LinkedHashMap<>();
        projectionDetails.put("running", projection.isRunning());
        projectionDetails.put("status", p.name().toLowerCase());
        projectionDetails.put("listening", listener.isConnected());
        projectionDetails.put("last_error", projection.lastError());
        projectionDetails.put("last_error_at", projection.lastErrorAt());
        // The database down is fatal to every route; a remote model down is retried (search fails meanwhile).
        return HealthBuilder.forService(service())
                .database(database.isReachable())
                .degradedIf(!modelUp || p == Projection.Status.RETRYING || !listener.isConnected())
                .detail("model", model)
                .detail("store", store.name())
                .detail("projection", projectionDetails)
                .build();
    }

    String service() {
        return embedder.provider().equals("mock") ? EmbeddingsConfig.SERVICE + "-mock" : EmbeddingsConfig.SERVICE;
    }

    Embedder embedder() {
        return embedder;
    }

    VectorStore store() {
        return store;
    }

    EmbeddingTable table() {
        return table;
    }

    Projection projection() {
        return projection;
    }

    Database database() {
        return database;
    }

    public EmbeddingsConfig config() {
        return config;
    }

    public int httpPort() {
        return http.port();
    }

    /** {@code pgvector} or {@code lucene}. */
    public String storeName() {
        return store.name();
    }

    @Override
    public void close() {
        List<AutoCloseable> order = new ArrayList<>();
        if (http != null) {
            order.add(http);
        }
        order.add(listener);
        order.add(projection);
        order.add(store);
        order.add(embedder);
        order.add(database);
        RuntimeException failure = null;
        for (AutoCloseable c : order) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the embeddings service failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
