package io.sluice.core.consumer;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What a loop reports about itself: its {@link ConsumerStatus}, last poll, lag, last error (cleared on recovery) and
 * record counts, as a {@link ConsumerState} snapshot and as meters. Written on the polling thread, read from any
 * thread ({@link #snapshot}). Lag is counted from the stored position of each partition, not its fetch position.
 */
final class LoopHealth {
    private final ConsumerMetrics metrics;
    private final InstantSource clock;
    private volatile ConsumerStatus status = ConsumerStatus.STARTING;
    private volatile Instant lastPollAt;
    private volatile long lag = -1;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    /** Per assigned partition, the next offset to store; polling thread only. */
    private final Map<TopicPartition, Long> storedAt = new HashMap<>();

    LoopHealth(ConsumerMetrics metrics, InstantSource clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    ConsumerState snapshot(boolean threadEnded, boolean brokerReachable) {
        ConsumerStatus s = status;
        if (s.isRunning() && threadEnded) {
            s = ConsumerStatus.FAILED;
        }
        return new ConsumerState(
                s,
                lastPollAt,
                lag,
                lastError,
                lastErrorAt,
                written.get(),
                failed.get(),
                skipped.get(),
                brokerReachable);
    }

    /** A poll returned; the first one (outside a retry) makes the loop {@link ConsumerStatus#RUNNING}. */
    void polled(Map<String, Integer> perTopic, boolean retrying) {
        lastPollAt = clock.instant();
        if (status == ConsumerStatus.STARTING && !retrying) {
            status = ConsumerStatus.RUNNING;
        }
        perTopic.forEach(metrics::recordsIn);
    }

    /** Records of {@code tp} were polled, the first at {@code offset}: if nothing is stored yet, lag counts from it. */
    void reading(TopicPartition tp, long offset) {
        storedAt.putIfAbsent(tp, offset);
    }

    /** These offsets are stored (durable): lag counts from them. */
    void storedUpTo(Map<TopicPartition, Long> durable) {
        storedAt.putAll(durable);
    }

    /** These partitions left the loop. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(storedAt::remove);
    }

    /**
     * Lag per partition, from the stored position rather than the consumer's fetch position: records polled but
     * not stored (in hand, in flight, or held up by an outage) count, so a stall shows on every partition it holds.
     */
    void updateLag(Consumer<?, ?> consumer) {
        long total = 0;
        boolean known = false;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong fetchLag;
            try {
                fetchLag = consumer.currentLag(tp);
            } catch (UnsupportedOperationException e) {
                return;
            }
            if (fetchLag.isPresent()) {
                long behind = fetchLag.getAsLong() + notStored(consumer, tp);
                metrics.lag(tp, behind);
                total += behind;
                known = true;
            }
        }
        lag = known ? total : -1;
    }

    /** Records between the stored position and the fetch position (known whenever the fetch lag is). */
    private long notStored(Consumer<?, ?> consumer, TopicPartition tp) {
        Long stored = storedAt.get(tp);
        if (stored == null) {
            return 0; // nothing polled since the assignment: the fetch position is the stored one
        }
        try {
            return Math.max(0, consumer.position(tp) - stored);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    void degraded(Throwable e) {
        status = ConsumerStatus.DEGRADED;
        error(e);
        metrics.retry();
    }

    /** The outage is over: running again, and the last error is cleared, as {@link ConsumerState} documents. */
    void recovered() {
        status = ConsumerStatus.RUNNING;
        lastError = null;
        lastErrorAt = null;
    }

    void stopped() {
        status = ConsumerStatus.STOPPED;
    }

    void failed(Throwable e) {
        status = ConsumerStatus.FAILED;
        error(e);
    }

    long written() {
        return written.get();
    }

    long deadLettered() {
        return failed.get();
    }

    /**
     * Counts a stored batch. {@code deadLettered} holds the rejected records: decoder rejects (never part of the
     * batch's records) and isolated sink rejects (part of them, so not written).
     */
    <T> void stored(Batch<T> batch, List<ConsumerRecord<byte[], byte[]>> deadLettered, Map<String, Integer> skips) {
        Map<String, Integer> stored = new HashMap<>();
        long newest = -1;
        for (Decoded<T> r : batch.records()) {
            stored.merge(r.topic(), 1, Integer::sum);
            newest = Math.max(newest, r.timestamp());
        }
        Set<ConsumerRecord<byte[], byte[]>> inBatch = Collections.newSetFromMap(new IdentityHashMap<>());
        if (!deadLettered.isEmpty()) { // a set of every record of the batch, only when there is something to look up
            batch.records().forEach(r -> inBatch.add(r.source()));
        }
        Map<String, Integer> failedByTopic = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : deadLettered) {
            failedByTopic.merge(r.topic(), 1, Integer::sum);
            if (inBatch.contains(r)) {
                stored.merge(r.topic(), -1, Integer::sum);
            }
        }
        stored.forEach((topic, n) -> {
            if (n > 0) {
                metrics.recordsWritten(topic, n);
            }
        });
        failedByTopic.forEach(metrics::recordsFailed);
        skips.forEach(metrics::recordsSkipped);
        failed.addAndGet(deadLettered.size());
        skipped.addAndGet(skips.values().stream().mapToInt(Integer::intValue).sum());
        written.addAndGet(stored.values().stream().mapToInt(Integer::intValue).sum()); // last: readers wait on it
        if (newest >= 0) {
            metrics.written(newest);
        }
    }

    private void error(Throwable e) {
        lastError = describe(e);
        lastErrorAt = clock.instant();
    }

    /** The exception and its root cause, for logs and health. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
        return root == e
                ? msg
                : msg + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
