package io.sluice.core.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches on the loop's writer thread, one at a time, while the polling thread goes on polling: dead letters
 * of decoder rejects first, then the records through the {@link OffsetCommitter} and the {@link Sink}. A write the
 * {@link FailureClassifier} calls {@link FailureKind#DATA data} is split in halves until the bad records are alone;
 * those go to the dead-letter topic (acknowledged before any offset moves past them) and the rest is stored. Any
 * other failure, a failed dead-letter publish included, fails the whole write: nothing is dead-lettered for an
 * outage, and no offset moves.
 *
 * <p>{@link #submit}, {@link #settle} and {@link #inFlight} are called on the polling thread only. At most one batch
 * is in flight: {@code submit} settles the previous one first, so batches are stored in order and the sink is used
 * by one thread at a time.
 */
final class BatchWriter<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    /** A stored batch: what it held, the records it dead-lettered, and the offsets the sink reports durable. */
    record Written<T>(
            Batch<T> batch,
            List<ConsumerRecord<byte[], byte[]>> deadLettered,
            Map<String, Integer> skipped,
            Map<TopicPartition, Long> durable) {}

    private record InFlight<T>(PendingBatch<T> batch, Future<Written<T>> result) {}

    private final String service;
    private final Sink<T> sink;
    private final DeadLetterPublisher deadLetters;
    private final FailureClassifier classifier;
    private final OffsetCommitter committer;
    private final ConsumerMetrics metrics;
    private final ExecutorService thread;
    private InFlight<T> inFlight;

    BatchWriter(
            String service,
            Sink<T> sink,
            DeadLetterPublisher deadLetters,
            FailureClassifier classifier,
            OffsetCommitter committer,
            ConsumerMetrics metrics) {
        this.service = service;
        this.sink = sink;
        this.deadLetters = deadLetters;
        this.classifier = classifier;
        this.committer = committer;
        this.metrics = metrics;
        this.thread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("sluice-writer-" + service).daemon().factory());
    }

    boolean inFlight() {
        return inFlight != null;
    }

    /** Whether the batch in flight, if any, has finished (stored or failed). */
    boolean inFlightDone() {
        return inFlight != null && inFlight.result().isDone();
    }

    /**
     * Hands {@code batch} to the writer thread and returns at once. The caller settles the previous batch first.
     *
     * @param group the consumer's group metadata, if the committer needs it
     */
    void submit(PendingBatch<T> batch, ConsumerGroupMetadata group) {
        if (inFlight != null) {
            throw new IllegalStateException("a batch is already in flight; settle it first");
        }
        inFlight = new InFlight<>(batch, thread.submit(() -> store(batch, group)));
    }

    /**
     * Waits for the batch in flight. Returns it once stored (null if nothing was in flight). If its write failed,
     * puts its records back in front of {@code pending} (so the retry keeps them in order) and rethrows the failure.
     */
    Written<T> settle(PendingBatch<T> pending) {
        InFlight<T> f = inFlight;
        if (f == null) {
            return null;
        }
        inFlight = null;
        try {
            return f.result().get();
        } catch (ExecutionException e) {
            pending.prepend(f.batch());
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.prepend(f.batch());
            throw new IllegalStateException("interrupted while a batch was being written", e);
        }
    }

    /** Writer thread: dead letters first, then the records and offsets, isolating bad data. */
    private Written<T> store(PendingBatch<T> pending, ConsumerGroupMetadata group) {
        long start = System.nanoTime();
        Batch<T> batch = pending.toBatch();
        List<ConsumerRecord<byte[], byte[]>> deadLettered = new ArrayList<>();
        for (PendingBatch.Poison p : pending.poison()) {
            deadLetter(p.record(), p.reason(), deadLettered);
        }
        deadLetters.flush();
        try {
            committer.write(sink, batch, group);
        } catch (RuntimeException e) {
            if (classifier.classify(e) != FailureKind.DATA) {
                throw e;
            }
            log.warn(
                    "{}: a batch of {} records hit bad data ({}); isolating the bad records",
                    service,
                    batch.size(),
                    e.getMessage());
            writeIsolating(batch.records(), group, deadLettered);
            committer.write(sink, Batch.offsetsOnly(batch.nextOffsets()), group);
        }
        Map<TopicPartition, Long> durable = Map.copyOf(sink.durableOffsets(batch.nextOffsets()));
        metrics.batch(batch.size(), System.nanoTime() - start);
        return new Written<>(batch, deadLettered, pending.skippedByTopic(), durable);
    }

    private void writeIsolating(
            List<Decoded<T>> records, ConsumerGroupMetadata group, List<ConsumerRecord<byte[], byte[]>> deadLettered) {
        if (records.isEmpty()) {
            return;
        }
        try {
            committer.write(sink, Batch.of(records), group);
        } catch (RuntimeException e) {
            if (classifier.classify(e) != FailureKind.DATA) {
                throw e;
            }
            if (records.size() == 1) {
                deadLetter(records.get(0).source(), e, deadLettered);
                deadLetters.flush();
                return;
            }
            int mid = records.size() / 2;
            writeIsolating(records.subList(0, mid), group, deadLettered);
            writeIsolating(records.subList(mid, records.size()), group, deadLettered);
        }
    }

    private void deadLetter(
            ConsumerRecord<byte[], byte[]> r, RuntimeException reason, List<ConsumerRecord<byte[], byte[]>> out) {
        log.warn(
                "{}: {}-{}@{} goes to {}: {}",
                service,
                r.topic(),
                r.partition(),
                r.offset(),
                DeadLetterPublisher.topicFor(r.topic()),
                reason.getMessage());
        deadLetters.publish(r, reason);
        out.add(r);
    }

    /** Stops the writer thread; a write still running is interrupted and its records are re-read on restart. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
