package io.sluice.bench.ingest;

import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.OffsetStore;
import io.sluice.core.consumer.Sink;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/** A sink that reports every batch its delegate stored, and how long the call took, to a listener. */
final class ObservedSink<T> implements Sink<T>, AutoCloseable {
    /** Told about each successful write, on the writing thread. */
    @FunctionalInterface
    interface Listener {
        void written(Batch<?> batch, long nanos);
    }

    private final Sink<T> delegate;
    private final Listener listener;

    ObservedSink(Sink<T> delegate, Listener listener) {
        this.delegate = delegate;
        this.listener = listener;
    }

    @Override
    public void write(Batch<T> batch) {
        long start = System.nanoTime();
        delegate.write(batch);
        listener.written(batch, System.nanoTime() - start);
    }

    @Override
    public Optional<OffsetStore> offsetStore() {
        return delegate.offsetStore();
    }

    @Override
    public Map<TopicPartition, Long> durableOffsets(Map<TopicPartition, Long> written) {
        return delegate.durableOffsets(written);
    }

    @Override
    public void release(Collection<TopicPartition> partitions) {
        delegate.release(partitions);
    }

    /** Closes the delegate when it holds threads of its own. */
    @Override
    public void close() {
        if (delegate instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not close " + delegate, e);
            }
        }
    }
}
