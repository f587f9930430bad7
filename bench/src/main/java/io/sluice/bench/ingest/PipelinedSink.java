package io.sluice.bench.ingest;

import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Sink;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;

/**
 * <b>Measurement only, not failure-safe.</b> Emulates a consumer loop that polls and decodes the next batch while
 * the previous one is written (one batch in flight): {@link #write} hands the batch to a writer thread and returns
 * once the <em>previous</em> write finished. It shows what such a pipeline would gain; it is not a design to adopt
 * as a sink, because a failed write surfaces one batch late, after the loop has moved past it (a real pipeline
 * belongs in {@code ConsumerLoop}, see docs/benchmarks.md).
 */
final class PipelinedSink<T> implements Sink<T>, AutoCloseable {
    private final Sink<T> delegate;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("sluice-sink-pipeline").factory());
    private Future<?> inFlight;

    PipelinedSink(Sink<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void write(Batch<T> batch) {
        awaitInFlight();
        inFlight = writer.submit(() -> delegate.write(batch));
    }

    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch write", e);
        } finally {
            inFlight = null;
        }
    }

    @Override
    public boolean storesOffsets() {
        return delegate.storesOffsets();
    }

    @Override
    public Map<TopicPartition, Long> storedOffsets(Set<TopicPartition> partitions) {
        awaitInFlight();
        return delegate.storedOffsets(partitions);
    }

    @Override
    public void close() {
        try {
            awaitInFlight();
        } finally {
            writer.shutdownNow();
            if (delegate instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // only threads to stop
                }
            }
        }
    }
}
