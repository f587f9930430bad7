package io.sluice.embeddings;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.core.lifecycle.BackgroundWorker;
import io.sluice.db.DatabaseException;
import io.sluice.embeddings.model.Embedder;
import io.sluice.embeddings.model.ModelUnavailableException;
import io.sluice.embeddings.store.VectorStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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

    private final EmbeddingTable table;
    private final Embedder embedder;
    private final VectorStore store;
    private final EmbeddingsConfig config;
    private final int fetchSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<UUID> hinted = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Set<UUID>> deletions = new ConcurrentLinkedQueue<>();
    private final BackgroundWorker worker;
    private final BatchEmbedder batches;

    private volatile boolean running;
    private volatile boolean sweepWanted = true;
    private volatile boolean reconcileWanted;
    private volatile Boolean reindexWanted;
    private volatile boolean caughtUp;
    private volatile Status status = Status.STOPPED;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastSweepAt;
    private volatile String epoch;
    private UUID cursor;
    private BatchEmbedder.Batch inFlight;
    // The worker's thread alone:
    private long nextSweep;
    private long nextFlush;

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
        this.batches = new BatchEmbedder(table, embedder, store, registry);
        this.nextSweep = System.nanoTime() + config.sweepInterval().toNanos();
        this.nextFlush = System.nanoTime() + FLUSH_INTERVAL.toNanos();
        // A failed round (model or database) pauses 250 ms, doubling up to embedding.retry.max_backoff_ms.
        this.worker = new BackgroundWorker(
                        "embeddings-projection",
                        Duration.ofMillis(250),
                        config.maxBackoff(),
                        Duration.ofSeconds(30),
                        new BackgroundWorker.Task() {
                            @Override
                            public Duration runOnce() {
                                return round();
                            }

                            @Override
                            public void failed(Exception e, Duration backoff) {
                                Projection.this.failed(
                                        e instanceof RuntimeException re ? re : new IllegalStateException(e));
                            }
                        })
                .start();
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
        return batches.lastProcessedAt();
    }

    Instant lastSweepAt() {
        return lastSweepAt;
    }

    long embeddedSinceStart() {
        return batches.embeddedSinceStart();
    }

    long failedSinceStart() {
        return batches.failedSinceStart();
    }

    // --- work ---

    /**
     * Embeds one batch of pending texts now, whether or not the projection runs ({@code POST /process-batch}).
     *
     * @throws RuntimeException when the model or the database fails
     */
    BatchEmbedder.Result processBatch() {
        lock.lock();
        try {
            List<PendingText> rows = table.pendingAfter(null, fetchSize);
            return rows.isEmpty() ? new BatchEmbedder.Result(0, 0) : batches.finish(batches.submit(rows));
        } finally {
            lock.unlock();
        }
    }

    /** One round on the worker: index upkeep, a batch while running, the sweep clock. Returns how long to idle. */
    private Duration round() {
        boolean busy = false;
        lock.lock();
        try {
            maintain();
            if (running) {
                busy = step() > 0;
            } else if (inFlight != null) {
                BatchEmbedder.Batch last = inFlight;
                inFlight = null;
                batches.finish(last);
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
        if (System.nanoTime() > nextSweep) {
            sweepWanted = true;
            nextSweep = System.nanoTime() + config.sweepInterval().toNanos();
        }
        if (busy || workWaiting()) {
            return Duration.ZERO;
        }
        long untilSweep = TimeUnit.NANOSECONDS.toMillis(nextSweep - System.nanoTime());
        return Duration.ofMillis(Math.min(1_000, Math.max(1, untilSweep)));
    }

    /** Work handed over since the round began (hints, deletions, a reindex, a sweep). */
    private boolean workWaiting() {
        return !hinted.isEmpty()
                || !deletions.isEmpty()
                || reconcileWanted
                || reindexWanted != null
                || (running && sweepWanted);
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
        BatchEmbedder.Batch previous = inFlight;
        inFlight = next.isEmpty() ? null : batches.submit(next);
        int done = previous == null ? 0 : batches.finish(previous).total();
        if (inFlight == null && previous != null) {
            store.refresh(); // the pipeline drained: make its last batch searchable now
        }
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
            boolean first = cursor == null;
            List<PendingText> rows = table.pendingAfter(cursor, fetchSize);
            if (first && rows.size() == fetchSize) {
                // A full first page: there may be a backlog worth telling the store about (counted if it asks).
                store.backlog(() -> {
                    EmbeddingTable.Counts counts = table.counts();
                    return new VectorStore.Backlog(counts.backlog(), counts.embedded());
                });
            }
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
        BatchEmbedder.Batch f = inFlight;
        return f == null ? rows : rows.stream().filter(r -> !f.contains(r.id())).toList();
    }

    private void wake() {
        worker.wake();
    }

    /** Stops the worker after the batch in hand and saves the index. */
    @Override
    public void close() {
        running = false;
        worker.close();
        batches.close();
    }
}
