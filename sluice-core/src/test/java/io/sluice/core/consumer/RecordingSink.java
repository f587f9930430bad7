package io.sluice.core.consumer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * A sink for loop tests: records what it stored and how it was called. It can be held inside a write (a gate the
 * test opens), fail as an outage, reject "bad-*" values as bad data, and store offsets with the data like a
 * transactional sink.
 */
class RecordingSink implements Sink<String> {
    final List<String> stored = new CopyOnWriteArrayList<>();
    final Map<TopicPartition, Long> offsets = new ConcurrentHashMap<>();
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();
    private final boolean storesOffsets;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    /** Counted down when a write enters the sink; lets a test wait until a write is in flight. */
    volatile CountDownLatch entered = new CountDownLatch(1);

    RecordingSink(boolean storesOffsets) {
        this.storesOffsets = storesOffsets;
    }

    /** Holds every write inside the sink until {@link #open()}. */
    void hold() {
        gate = new CountDownLatch(1);
        entered = new CountDownLatch(1);
    }

    void open() {
        gate.countDown();
    }

    boolean awaitEntered() throws InterruptedException {
        return entered.await(10, TimeUnit.SECONDS);
    }

    @Override
    public void write(Batch<String> batch) {
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
        try {
            writes.incrementAndGet();
            entered.countDown();
            gate.await(10, TimeUnit.SECONDS);
            if (down.get()) {
                throw new IllegalStateException("store is down");
            }
            for (Decoded<String> d : batch.records()) {
                if (d.value().startsWith("bad-")) {
                    throw new PoisonRecordException("constraint violated by " + d.value());
                }
            }
            batch.records().forEach(d -> stored.add(d.value()));
            offsets.putAll(batch.nextOffsets());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            active.decrementAndGet();
        }
    }

    @Override
    public Optional<OffsetStore> offsetStore() {
        if (!storesOffsets) {
            return Optional.empty();
        }
        return Optional.of(partitions -> {
            Map<TopicPartition, Long> out = new HashMap<>(offsets);
            out.keySet().retainAll(partitions);
            return out;
        });
    }
}
