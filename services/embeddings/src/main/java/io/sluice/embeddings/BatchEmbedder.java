package io.sluice.embeddings;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sluice.db.DatabaseException;
import io.sluice.db.SqlFailureClassifier;
import io.sluice.embeddings.model.Embedder;
import io.sluice.embeddings.model.Embedding;
import io.sluice.embeddings.model.TextNormalizer;
import io.sluice.embeddings.store.StoredEmbedding;
import io.sluice.embeddings.store.VectorStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one batch of pending texts becomes stored embeddings: normalisation (a text empty afterwards is rejected), the
 * model on its own threads ({@link #submit} returns at once, so the caller can write the previous batch meanwhile),
 * then one transaction for the vectors and the rejections ({@link #finish}), then the index. A data error on the
 * write (not an outage) isolates the row at fault and records it as failed. {@link #submit} and {@link #finish} are
 * called by one thread at a time (the projection's lock).
 */
final class BatchEmbedder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchEmbedder.class);

    /** The outcome of one batch. */
    record Result(int embedded, int failed) {
        int total() {
            return embedded + failed;
        }
    }

    private final EmbeddingTable table;
    private final Embedder embedder;
    private final VectorStore store;
    private final ExecutorService modelCaller;
    private final Counter embeddedCounter;
    private final Counter failedCounter;
    private final Timer batchTimer;
    private final AtomicLong embedded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Instant lastProcessedAt;

    BatchEmbedder(EmbeddingTable table, Embedder embedder, VectorStore store, MeterRegistry registry) {
        this.table = table;
        this.embedder = embedder;
        this.store = store;
        // Two callers, so that the next batch is already in the model (tokenised, its inference batches queued) while
        // the one before finishes: the model's workers then never wait between batches, nor for the slowest
        // inference batch of a call. With one caller they sat idle for about a quarter of the time.
        AtomicInteger callers = new AtomicInteger();
        this.modelCaller = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "embeddings-model-caller-" + callers.incrementAndGet());
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
    }

    Instant lastProcessedAt() {
        return lastProcessedAt;
    }

    long embeddedSinceStart() {
        return embedded.get();
    }

    long failedSinceStart() {
        return failed.get();
    }

    /** A batch whose texts the model is embedding (on its own threads) while the worker writes the one before. */
    record Batch(
            List<PendingText> rows,
            List<EmbeddingTable.Outcome> rejected,
            List<UUID> ids,
            CompletableFuture<List<Embedding>> vectors,
            long began) {
        boolean contains(UUID id) {
            for (PendingText r : rows) {
                if (r.id().equals(id)) {
                    return true;
                }
            }
            return false;
        }
    }

    Batch submit(List<PendingText> rows) {
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
        return new Batch(rows, rejected, ids, vectors, System.nanoTime());
    }

    /** Waits for the batch's vectors and stores them. */
    Result finish(Batch batch) {
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
        embedded.addAndGet(stored.size());
        this.failed.addAndGet(failed);
        embeddedCounter.increment(stored.size());
        failedCounter.increment(failed);
        return new Result(stored.size(), failed);
    }

    @Override
    public void close() {
        modelCaller.shutdownNow();
    }
}
