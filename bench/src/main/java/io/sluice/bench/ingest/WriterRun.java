package io.sluice.bench.ingest;

import io.sluice.core.health.Health;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for the benchmarked writer to store a number of rows, polling its metrics every millisecond (so that its
 * commits are dated to within one) and its health every second, failing fast if its consumer fails or stalls.
 */
final class WriterRun {
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private WriterRun() {}

    /**
     * Blocks until {@code target} rows are stored.
     *
     * @throws IllegalStateException if the consumer failed, or no row was stored for two minutes
     */
    static void awaitRows(BenchWriter writer, long target) throws InterruptedException {
        WriteProgress progress = writer.progress();
        long lastRows = -1;
        long lastProgressAt = System.nanoTime();
        long nextCheck = lastProgressAt + CHECK_EVERY_NANOS;
        while (true) {
            progress.poll();
            if (progress.rows() >= target) {
                return;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted after " + progress.rows() + " of " + target + " rows");
            }
            long now = System.nanoTime();
            if (now >= nextCheck) {
                nextCheck = now + CHECK_EVERY_NANOS;
                Map<?, ?> consumer = consumer(writer.health());
                if ("failed".equals(consumer.get("status"))) {
                    throw new IllegalStateException(
                            "the writer failed after " + progress.rows() + " rows: " + consumer.get("last_error"));
                }
                long rows = progress.rows();
                if (rows != lastRows) {
                    lastRows = rows;
                    lastProgressAt = now;
                } else if (now - lastProgressAt > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("the writer stored no row for " + STALL_TIMEOUT.toSeconds() + " s ("
                            + rows + " of " + target + " stored; consumer " + consumer + ")");
                }
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** The {@code consumer} part of the service's {@code /health}. */
    private static Map<?, ?> consumer(Health health) {
        return health.details().get("consumer") instanceof Map<?, ?> m ? m : Map.of();
    }
}
