package io.sluice.bench.ingest;

import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import io.sluice.core.consumer.OffsetStore;
import io.sluice.core.consumer.Sink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;

/**
 * A candidate for production, measured by {@code --sink parallel}: splits each batch by partition into {@code
 * lanes} groups and writes them concurrently through the delegate, each group with its own partitions' offsets in
 * its own transaction (so on separate pooled connections, and PostgreSQL can use more than one core).
 *
 * <p>Exactly-once still holds with a delegate that stores offsets: a group's rows and offsets commit together; if
 * one group fails, {@link #write} throws, the loop retries the whole batch, and the groups that had committed are
 * written again as no-ops (idempotent rows, same offsets). Not thread-safe; called from the loop's thread only.
 */
final class ParallelSink<T> implements Sink<T>, AutoCloseable {
    private final Sink<T> delegate;
    private final int lanes;
    private final ExecutorService pool;

    ParallelSink(Sink<T> delegate, int lanes) {
        this.delegate = delegate;
        this.lanes = lanes;
        this.pool = Executors.newFixedThreadPool(
                lanes - 1, Thread.ofPlatform().name("sluice-sink-lane-", 1).factory());
    }

    @Override
    public void write(Batch<T> batch) {
        List<Batch<T>> groups = split(batch);
        List<Future<?>> others = new ArrayList<>();
        for (Batch<T> group : groups.subList(1, groups.size())) {
            others.add(pool.submit(() -> delegate.write(group)));
        }
        RuntimeException failure = null;
        try {
            delegate.write(groups.get(0));
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (ExecutionException e) {
                RuntimeException cause =
                        e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing a batch", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Partition groups of about equal record counts; partitions with offsets but no records go to the first. */
    private List<Batch<T>> split(Batch<T> batch) {
        Map<TopicPartition, List<Decoded<T>>> byPartition = new HashMap<>();
        for (Decoded<T> r : batch.records()) {
            byPartition
                    .computeIfAbsent(r.topicPartition(), k -> new ArrayList<>())
                    .add(r);
        }
        List<List<Decoded<T>>> records = new ArrayList<>();
        List<Map<TopicPartition, Long>> offsets = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            records.add(new ArrayList<>());
            offsets.add(new HashMap<>());
        }
        List<Map.Entry<TopicPartition, List<Decoded<T>>>> largestFirst = new ArrayList<>(byPartition.entrySet());
        largestFirst.sort(
                (a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()));
        for (Map.Entry<TopicPartition, List<Decoded<T>>> e : largestFirst) {
            int lane = smallest(records);
            records.get(lane).addAll(e.getValue());
            offsets.get(lane).put(e.getKey(), batch.nextOffsets().get(e.getKey()));
        }
        batch.nextOffsets().forEach((tp, o) -> {
            if (!byPartition.containsKey(tp)) {
                offsets.get(0).put(tp, o);
            }
        });
        List<Batch<T>> groups = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            if (i == 0 || !offsets.get(i).isEmpty()) {
                groups.add(new Batch<>(records.get(i), offsets.get(i)));
            }
        }
        return groups;
    }

    private static <T> int smallest(List<List<Decoded<T>>> lanes) {
        int best = 0;
        for (int i = 1; i < lanes.size(); i++) {
            if (lanes.get(i).size() < lanes.get(best).size()) {
                best = i;
            }
        }
        return best;
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

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
