package io.sluice.bench.ingest;

import io.sluice.bench.Samples;
import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What a benchmark sees of a running writer: rows committed, time the loop spent decoding and the writer thread
 * writing, transaction times and, optionally, each record's end-to-end latency (its Kafka timestamp to the moment
 * its transaction committed).
 *
 * <p>Written by the consumer loop's thread and the sink's threads; thread-safe.
 */
final class WriteProgress {
    private final LongSupplier measureFromMillis;
    private final Samples latencyMillis = new Samples();
    private final Samples batchWriteMicros = new Samples();
    private long rows;
    private long batches;
    private long writeNanos;
    private long decodeNanos;
    private long firstCommitNanos;
    private long firstBatchRows;
    private long lastCommitNanos;

    /** Progress without latency sampling. */
    WriteProgress() {
        this(() -> Long.MAX_VALUE);
    }

    /** @param measureFromMillis records with a Kafka timestamp from this moment on have their latency sampled */
    WriteProgress(LongSupplier measureFromMillis) {
        this.measureFromMillis = measureFromMillis;
    }

    void decoded(long nanos) {
        synchronized (this) {
            decodeNanos += nanos;
        }
    }

    /** A call to the sink (on the loop's writer thread) returned after {@code nanos}. */
    void wrote(Batch<?> batch, long nanos) {
        synchronized (this) {
            writeNanos += nanos;
        }
    }

    /** A transaction holding {@code batch} committed after {@code nanos}; may be called from several threads. */
    void committed(Batch<?> batch, long nanos) {
        long now = System.currentTimeMillis();
        long from = measureFromMillis.getAsLong();
        synchronized (this) {
            for (Decoded<?> r : batch.records()) {
                if (r.timestamp() >= from) {
                    latencyMillis.add(now - r.timestamp());
                }
            }
            if (batch.size() > 0) {
                batchWriteMicros.add(TimeUnit.NANOSECONDS.toMicros(nanos));
                batches++;
                rows += batch.size();
                lastCommitNanos = System.nanoTime();
                if (firstCommitNanos == 0) {
                    firstCommitNanos = lastCommitNanos;
                    firstBatchRows = batch.size();
                }
            }
            notifyAll();
        }
    }

    /** Waits until {@code target} rows are committed; returns false if {@code timeout} passed first. */
    synchronized boolean awaitRows(long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while (rows < target && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return rows >= target;
    }

    synchronized long rows() {
        return rows;
    }

    synchronized long batches() {
        return batches;
    }

    /** Time the loop spent blocked in the sink. */
    synchronized long writeNanos() {
        return writeNanos;
    }

    synchronized long decodeNanos() {
        return decodeNanos;
    }

    /** {@link System#nanoTime()} when the first batch committed, 0 before. */
    synchronized long firstCommitNanos() {
        return firstCommitNanos;
    }

    synchronized long firstBatchRows() {
        return firstBatchRows;
    }

    /** {@link System#nanoTime()} when the last batch committed. */
    synchronized long lastCommitNanos() {
        return lastCommitNanos;
    }

    synchronized Samples latencyMillis() {
        return latencyMillis;
    }

    synchronized Samples batchWriteMicros() {
        return batchWriteMicros;
    }
}
