package io.sluice.embeddings;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sluice.db.DatabaseException;
import io.sluice.db.SqlFailureClassifier;
import io.sluice.embeddings.model.Embedder;
import io.sluice.embeddings.model.Embedding;
import io.sluice.embeddings.model.ModelUnavailableException;
import io.sluice.embeddings.model.TextNormalizer;
import io.sluice.embeddings.store.StoredEmbedding;
import io.sluice.embeddings.store.VectorStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every row of {@code text_messages} exactly one embedding. No timestamp watermark: what is pending is always
 * asked of the tables themselves (an anti-join), so commit order, crashes and restarts cannot make it skip a row.
 *
 * <ul>
 *   <li>Notified ids (from {@link ChangeListener}) are embedded first: new rows within a second.
 *   <li>A sweep walks {@code text_messages} in id order (keyset pages of the anti-join) at start, after a missed or
 *       oversized notification, after any failure, and every {@code sweep_interval}: it finds whatever the hints
 *       missed.
 *   <li>The unique {@code text_message_id} makes a second embedding of a row impossible, whoever writes it.
 *   <li>A model or database failure pauses the projection with exponential backoff and retries; a text the model
 *       rejects is recorded in {@code embedding_failures} with its reason and not retried until a reindex.
 * </ul>
 *
 * <p>One worker thread does everything that changes the embeddings or the index; {@link #processBatch()} and
 * reindexing take the same lock. {@link #stop()} pauses the projection only: deletions still reach the index.
 */
final class Projection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Projection.class);
    /** How often the index is saved; a crash loses nothing (catch-up at start), so rarely: each save is a segment. */
    private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(30);

    enum Status {
        RUNNING,
        STOPPED,
        RETRYING
    }

    /** The outcome of one batch. */
    record Result(int embedded, int failed) {
        int total() {
            return embedded + failed;
        }
    }

    private final EmbeddingTable table;
    private final Embedder embedder;
    private final VectorStore store;
    private final EmbeddingsConfig config;
    private final int fetchSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Object signal = new Object();
    private final Set<UUID> hinted = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Set<UUID>> deletions = new ConcurrentLinkedQueue<>();
    private final Thread worker;
    private final java.util.concurrent.ExecutorService modelCaller;
    private final Counter embeddedCounter;
    private final Counter failedCounter;
    private final Timer batchTimer;

    private volatile boolean open = true;
    private volatile boolean running;
    private volatile boolean sweepWanted = true;
    private volatile boolean reconcileWanted;
    private volatile Boolean reindexWanted;
    private volatile boolean caughtUp;
    private volatile Status status = Status.STOPPED;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastProcessedAt;
    private volatile Instant lastSweepAt;
    private volatile long embeddedSinceStart;
    private volatile long failedSinceStart;
    private volatile String epoch;
    private UUID cursor;
    private InFlight inFlight;

    Projection(
            EmbeddingTable table,
            Embedder embedder,
            VectorStore store,
            String epoch,
            EmbeddingsConfig config,
            MeterRegistry registry) {
        this.table = table;
        this.embedder = embedder;
        this.store = store;
        this.epoch = epoch;
        this.config = config;
        this.fetchSize = fetchSize(config);
        this.modelCaller = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "embeddings-model-caller");
            t.setDaemon(true);
            return t;
        });
        this.embeddedCounter = Counter.builder(EmbeddingsMetrics.TEXTS)
                .description("Texts embedded and stored")
                .tag("outcome", "embedded")
                .register(registry);
        this.failedCounter = Counter.builder(EmbeddingsMetrics.TEXTS)
                .description("Texts the model could not take, recorded as failed")
                .tag("outcome", "failed")
                .register(registry);
        this.batchTimer = Timer.builder(EmbeddingsMetrics.BATCH)
                .description("Time to embed and store one batch")
                .register(registry);
        this.worker = new Thread(this::work, "embeddings-projection");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Texts per batch: two inference batches per model thread, so that length-sorting has room to work. */
    static int fetchSize(EmbeddingsConfig config) {
        return config.batchSize() * config.threads() * 2;
    }

    // --- control ---

    /** Starts (or resumes) projecting; true when it was stopped. */
    boolean start() {
        boolean was = running;
        running = true;
        sweepWanted = true;
        wake();
        return !was;
    }

    /** Pauses projecting after the batch in hand; true when it was running. */
    boolean stop() {
        boolean was = running;
        running = false;
        lock.lock(); // wait for the batch in hand
        lock.unlock();
        return was;
    }

    boolean isRunning() {
        return running;
    }

    /** Rebuilds the index (and with {@code reembed} drops every embedding first) on the worker, soon. */
    void reindex(boolean reembed) {
        reindexWanted = reembed || Boolean.TRUE.equals(reindexWanted);
        wake();
    }

    boolean isReindexing() {
        return reindexWanted != null;
    }

    /** Ids that may need an embedding (null: sweep everything). From the listener. */
    void hint(Set<UUID> ids) {
        if (ids == null) {
            sweepWanted = true;
        } else {
            hinted.addAll(ids);
        }
        wake();
    }

    /** Embeddings deleted in PostgreSQL (null: unknown, reconcile the index). From the listener. */
    void deleted(Set<UUID> ids) {
        if (ids == null) {
            reconcileWanted = true;
        } else {
            deletions.add(ids);
        }
        wake();
    }

    // --- state ---

    Status status() {
        return running ? status : Status.STOPPED;
    }

    String lastError() {
        return lastError;
    }

    Instant lastErrorAt() {
        return lastErrorAt;
    }

    Instant lastProcessedAt() {
        return lastProcessedAt;
    }

    Instant lastSweepAt() {
        return lastSweepAt;
    }

    long embeddedSinceStart() {
        return embeddedSinceStart;
    }

    long failedSinceStart() {
        return failedSinceStart;
    }

    // --- work ---

    /**
     * Embeds one batch of pending texts now, whether or not the projection runs ({@code POST /process-batch}).
     *
     * @throws RuntimeException when the model or the database fails
     */
    Result processBatch() {
        lock.lock();
        try {
            List<PendingText> rows = table.pendingAfter(null, fetchSize);
            return rows.isEmpty() ? new Result(0, 0) : handle(rows);
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        long backoff = 250;
        long nextSweep = System.nanoTime() + config.sweepInterval().toNanos();
        long nextFlush = System.nanoTime() + FLUSH_INTERVAL.toNanos();
        while (open) {
            boolean busy = false;
            try {
                lock.lock();
                try {
                    maintain();
                    if (running) {
                        busy = step() > 0;
                    } else if (inFlight != null) {
                        InFlight last = inFlight;
                        inFlight = null;
                        finish(last);
                    }
                    if (!busy) {
                        store.refresh();
                    }
                    if (System.nanoTime() > nextFlush) {
                        store.flush();
                        nextFlush = System.nanoTime() + FLUSH_INTERVAL.toNanos();
                    }
                } finally {
                    lock.unlock();
                }
                if (status == Status.RETRYING) {
                    log.info("embeddings projection recovered");
                }
                status = Status.RUNNING;
                backoff = 250;
            } catch (RuntimeException e) {
                failed(e);
                pause(backoff);
                backoff = Math.min(backoff * 2, config.maxBackoff().toMillis());
                continue;
            }
            if (System.nanoTime() > nextSweep) {
                sweepWanted = true;
                nextSweep = System.nanoTime() + config.sweepInterval().toNanos();
            }
            if (!busy) {
                idle(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextSweep - System.nanoTime())));
            }
        }
    }

    private void failed(RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (status != Status.RETRYING || !message.equals(lastError)) {
            boolean expected = e instanceof ModelUnavailableException || e instanceof DatabaseException;
            log.warn("embeddings projection paused, will retry: {}", message, expected ? null : e);
        }
        status = Status.RETRYING;
        inFlight = null;
        if (e instanceof java.io.UncheckedIOException) {
            // The index failed after PostgreSQL committed: compare the two once the store works again.
            reconcileWanted = true;
        }
        lastError = message;
        lastErrorAt = Instant.now();
        sweepWanted = true;
        cursor = null;
    }

    /** Index upkeep that runs even while the projection is stopped. */
    private void maintain() {
        if (!caughtUp) {
            store.catchUp(epoch);
            caughtUp = true;
        }
        Boolean reindex = reindexWanted;
        if (reindex != null) {
            if (reindex) {
                epoch = table.resetAll(embedder.modelId(), embedder.dimension());
                deletions.clear();
                reconcileWanted = false;
            } else {
                table.clearFailures();
            }
            store.rebuild(epoch);
            reindexWanted = null;
            sweepWanted = true;
            cursor = null;
        }
        if (reconcileWanted) {
            reconcileWanted = false;
            deletions.clear();
            store.deleted(null);
        }
        for (Set<UUID> ids; (ids = deletions.poll()) != null; ) {
            store.deleted(ids);
        }
    }

    /**
     * One step of the pipeline: fetches the next batch (notified ids first, else the next page of the sweep) and
     * hands its texts to the model, then writes the previous batch while the model works on this one. Returns the
     * rows handled or started; 0 when there was nothing to do.
     */
    private int step() {
        List<PendingText> next = fetch();
        InFlight previous = inFlight;
        inFlight = next.isEmpty() ? null : submit(next);
        int done = previous == null ? 0 : finish(previous).total();
        return done + next.size();
    }

    /** The next pending rows, leaving out those already in flight. */
    private List<PendingText> fetch() {
        if (!hinted.isEmpty()) {
            List<UUID> ids = new ArrayList<>(fetchSize);
            for (Iterator<UUID> it = hinted.iterator(); it.hasNext() && ids.size() < fetchSize; ) {
                ids.add(it.next());
                it.remove();
            }
            return notInFlight(table.pending(ids));
        }
        if (sweepWanted) {
            List<PendingText> rows = table.pendingAfter(cursor, fetchSize);
            if (rows.isEmpty()) {
                sweepWanted = false;
                cursor = null;
                lastSweepAt = Instant.now();
                return rows;
            }
            cursor = rows.get(rows.size() - 1).id();
            return notInFlight(rows);
        }
        return List.of();
    }

    private List<PendingText> notInFlight(List<PendingText> rows) {
        InFlight f = inFlight;
        if (f == null) {
            return rows;
        }
        Set<UUID> busy = new java.util.HashSet<>();
        f.rows().forEach(r -> busy.add(r.id()));
        return rows.stream().filter(r -> !busy.contains(r.id())).toList();
    }

    /** A batch whose texts the model is embedding (on its own threads) while the worker writes the one before. */
    private record InFlight(
            List<PendingText> rows,
            List<EmbeddingTable.Outcome> rejected,
            List<UUID> ids,
            CompletableFuture<List<Embedding>> vectors,
            long began) {}

    private InFlight submit(List<PendingText> rows) {
        List<EmbeddingTable.Outcome> rejected = new ArrayList<>();
        List<String> texts = new ArrayList<>(rows.size());
        List<UUID> ids = new ArrayList<>(rows.size());
        for (PendingText row : rows) {
            String text = TextNormalizer.normalize(row.message());
            if (text == null) {
                rejected.add(new EmbeddingTable.Outcome(row.id(), null, TextNormalizer.EMPTY));
            } else {
                texts.add(text);
                ids.add(row.id());
            }
        }
        CompletableFuture<List<Embedding>> vectors = texts.isEmpty()
                ? CompletableFuture.completedFuture(List.of())
                : CompletableFuture.supplyAsync(() -> embedder.embed(texts), modelCaller);
        return new InFlight(rows, rejected, ids, vectors, System.nanoTime());
    }

    /** Waits for the batch's vectors and stores them. */
    private Result finish(InFlight batch) {
        List<Embedding> vectors;
        try {
            vectors = batch.vectors().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        List<EmbeddingTable.Outcome> outcomes = new ArrayList<>(batch.rejected());
        for (int i = 0; i < batch.ids().size(); i++) {
            Embedding e = vectors.get(i);
            outcomes.add(new EmbeddingTable.Outcome(batch.ids().get(i), e.vector(), e.rejection()));
        }
        Result r = write(outcomes);
        batchTimer.record(System.nanoTime() - batch.began(), TimeUnit.NANOSECONDS);
        lastProcessedAt = Instant.now();
        return r;
    }

    private Result handle(List<PendingText> rows) {
        return finish(submit(rows));
    }

    /** Writes the batch; a data error (not an outage) isolates the row at fault and records it as failed. */
    private Result write(List<EmbeddingTable.Outcome> outcomes) {
        List<StoredEmbedding> stored;
        try {
            stored = table.write(outcomes, embedder.modelId(), store);
        } catch (DatabaseException e) {
            if (!SqlFailureClassifier.isDataError(e.sqlState()) || "23503".equals(e.sqlState())) {
                throw e;
            }
            if (outcomes.size() == 1) {
                EmbeddingTable.Outcome o = outcomes.get(0);
                log.warn("message {} cannot be stored: {}", o.id(), e.getMessage());
                return write(List.of(new EmbeddingTable.Outcome(
                        o.id(),
                        null,
                        "database refused the embedding: " + e.getCause().getMessage())));
            }
            int embedded = 0;
            int failed = 0;
            for (EmbeddingTable.Outcome o : outcomes) {
                Result r = write(List.of(o));
                embedded += r.embedded();
                failed += r.failed();
            }
            return new Result(embedded, failed);
        }
        store.added(stored);
        int failed = (int) outcomes.stream().filter(o -> o.vector() == null).count();
        embeddedSinceStart += stored.size();
        failedSinceStart += failed;
        embeddedCounter.increment(stored.size());
        failedCounter.increment(failed);
        return new Result(stored.size(), failed);
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void idle(long millis) {
        synchronized (signal) {
            if (hinted.isEmpty()
                    && deletions.isEmpty()
                    && !reconcileWanted
                    && reindexWanted == null
                    && !(running && sweepWanted)
                    && open) {
                try {
                    signal.wait(Math.min(millis, 1_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    open = false;
                }
            }
        }
    }

    private void pause(long millis) {
        synchronized (signal) {
            try {
                if (open) {
                    signal.wait(millis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                open = false;
            }
        }
    }

    /** Stops the worker after the batch in hand and saves the index. */
    @Override
    public void close() {
        open = false;
        running = false;
        wake();
        try {
            worker.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        modelCaller.shutdownNow();
    }
}
