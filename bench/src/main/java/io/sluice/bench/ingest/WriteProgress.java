package io.sluice.bench.ingest;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.sluice.bench.Samples;
import io.sluice.core.MetricNames;
import java.util.concurrent.TimeUnit;

/**
 * What a benchmark sees of the running text writer, read from the metrics it publishes in the registry the benchmark
 * gave it: {@code sluice.batch.flush} (a timer the writer thread records right after each batch's transaction
 * commits: its count is the transactions, its total the time the writer spent writing) and {@code sluice.batch.size}
 * (rows per batch).
 *
 * <p>Commits are dated by polling: {@link #poll()} must be called often (the benchmarks call it every millisecond),
 * and a commit is dated by the first poll that sees it, so every moment here is late by at most the poll interval.
 * Used by one thread; not thread-safe.
 */
final class WriteProgress {
    private final MeterRegistry registry;
    /** Wall-clock milliseconds at which batch k (1-based, in commit order) was first seen committed, at index k-1. */
    private final Samples commitMillis = new Samples();

    private Timer flush;
    private DistributionSummary sizes;
    private long seenBatches;
    private long seenRows;
    private long firstCommitNanos;
    private long firstBatchRows;
    private long lastCommitNanos;

    WriteProgress(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Reads the meters and dates the commits that happened since the last call. */
    void poll() {
        if (flush == null) {
            flush = registry.find(MetricNames.BATCH_FLUSH).timer();
            sizes = registry.find(MetricNames.BATCH_SIZE).summary();
            if (flush == null || sizes == null) {
                flush = null;
                return;
            }
        }
        // The two meters are recorded one after the other: a commit is dated by whichever moves first, and rows()
        // answers as of this poll, so that a caller never sees the rows of a commit that is not dated yet.
        long batches = flush.count();
        long rowsNow = Math.round(sizes.totalAmount());
        if (batches == seenBatches && rowsNow == seenRows) {
            return;
        }
        seenRows = rowsNow;
        long now = System.nanoTime();
        long wall = System.currentTimeMillis();
        for (long b = seenBatches; b < batches; b++) {
            commitMillis.add(wall);
        }
        seenBatches = batches;
        lastCommitNanos = now;
        if (firstCommitNanos == 0) {
            firstCommitNanos = now;
            firstBatchRows = rows();
        }
    }

    /** Rows stored as of the last {@link #poll()} (records in committed batches). */
    long rows() {
        return seenRows;
    }

    /** Transactions committed so far: one per batch. */
    long batches() {
        return flush == null ? 0 : flush.count();
    }

    /** Time the writer thread spent storing batches (the sink and its commit). */
    long writeNanos() {
        return flush == null ? 0 : Math.round(flush.totalTime(TimeUnit.NANOSECONDS));
    }

    /** {@link System#nanoTime()} when the first commit was seen, 0 before. */
    long firstCommitNanos() {
        return firstCommitNanos;
    }

    /** Rows seen at the first commit (the first batch's, unless two committed within one poll). */
    long firstBatchRows() {
        return firstBatchRows;
    }

    /** {@link System#nanoTime()} when the last commit was seen. */
    long lastCommitNanos() {
        return lastCommitNanos;
    }

    /** Wall-clock milliseconds when the {@code k}-th transaction (1-based) was seen committed. */
    long commitMillis(int k) {
        return commitMillis.get(k - 1);
    }

    /** How long each transaction took, in microseconds: p50, p99 and max over the whole run. */
    TransactionTimes transactionTimes() {
        if (flush == null) {
            return new TransactionTimes(0, 0, 0);
        }
        HistogramSnapshot s = flush.takeSnapshot();
        long p50 = 0;
        long p99 = 0;
        for (ValueAtPercentile p : s.percentileValues()) {
            long micros = Math.round(p.value(TimeUnit.MICROSECONDS));
            if (p.percentile() == 0.5) {
                p50 = micros;
            } else if (p.percentile() == 0.99) {
                p99 = micros;
            }
        }
        return new TransactionTimes(p50, p99, Math.round(s.max(TimeUnit.MICROSECONDS)));
    }

    record TransactionTimes(long p50Micros, long p99Micros, long maxMicros) {}
}
