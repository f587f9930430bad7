package io.sluice.bench.ingest;

import io.sluice.core.consumer.ConsumerState;
import io.sluice.core.consumer.ConsumerStatus;
import java.time.Duration;

/** Waits for a benchmarked writer to commit a number of rows, failing fast if it dies or stalls. */
final class WriterRun {
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private WriterRun() {}

    /**
     * Blocks until {@code target} rows are committed.
     *
     * @throws IllegalStateException if the loop failed, or no row was committed for two minutes
     */
    static void awaitRows(BenchWriter writer, WriteProgress progress, long target) throws InterruptedException {
        long lastRows = -1;
        long lastProgressAt = System.nanoTime();
        while (!progress.awaitRows(target, CHECK_EVERY)) {
            ConsumerState state = writer.state();
            if (state.status() == ConsumerStatus.FAILED) {
                throw new IllegalStateException(
                        "the writer failed after " + progress.rows() + " rows: " + state.lastError());
            }
            long rows = progress.rows();
            if (rows != lastRows) {
                lastRows = rows;
                lastProgressAt = System.nanoTime();
            } else if (System.nanoTime() - lastProgressAt > STALL_TIMEOUT.toNanos()) {
                throw new IllegalStateException("the writer stored no row for " + STALL_TIMEOUT.toSeconds()
                        + " s (" + rows + " of " + target + " stored; status " + state.status() + ", last error "
                        + state.lastError() + ")");
            }
        }
    }
}
