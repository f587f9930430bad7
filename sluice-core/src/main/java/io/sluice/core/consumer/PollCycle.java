package io.sluice.core.consumer;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn of a {@link ConsumerLoop} at a time, on its polling thread: poll and decode into the batch in hand, hand
 * it to the {@link BatchWriter} when the {@link BatchPolicy} says so, settle the batch in flight and move its
 * offsets through the {@link OffsetCommitter}, position newly assigned partitions, and on an outage pause every
 * partition and retry on the {@link RetrySchedule}. Its rebalance listener runs inside {@code poll} and lets the
 * write in flight settle before partitions move. Confined to the polling thread; not thread-safe.
 */
final class PollCycle<T> {
    private static final Logger log = LoggerFactory.getLogger(PollCycle.class);
    private static final long IDLE_POLL_MILLIS = 100;

    private final String service;
    private final Consumer<byte[], byte[]> consumer;
    private final Decoder<T> decoder;
    private final Sink<T> sink;
    private final OffsetCommitter committer;
    private final BatchWriter<T> writer;
    private final LoopHealth health;
    private final InstantSource clock;
    private final BatchPolicy policy;
    private final RetrySchedule retry;
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private PendingBatch<T> pending = new PendingBatch<>();

    PollCycle(
            ConsumerLoopConfig config,
            Consumer<byte[], byte[]> consumer,
            Decoder<T> decoder,
            Sink<T> sink,
            OffsetCommitter committer,
            BatchWriter<T> writer,
            LoopHealth health,
            InstantSource clock) {
        this.service = config.service();
        this.consumer = consumer;
        this.decoder = decoder;
        this.sink = sink;
        this.committer = committer;
        this.writer = writer;
        this.health = health;
        this.clock = clock;
        this.policy = new BatchPolicy(config);
        this.retry = new RetrySchedule(config.initialBackoff(), config.maxBackoff());
    }

    /** Completes once a batch was stored, or the loop caught up with its positioned partitions with nothing to store. */
    CompletableFuture<Void> settled() {
        return settled;
    }

    ConsumerRebalanceListener rebalanceListener() {
        return new Rebalance();
    }

    /** One poll and what follows it; an outage is handled here, a wakeup is thrown. */
    void step() {
        long wait = retry.millisUntilRetry(clock.millis());
        if (wait > 0) {
            polled(consumer.poll(Duration.ofMillis(Math.min(wait, IDLE_POLL_MILLIS))));
            return;
        }
        try {
            if (writer.inFlightDone()) {
                settle();
            }
            position();
            if (retry.retrying()) {
                flush();
                settle();
                recovered();
            }
            ConsumerRecords<byte[], byte[]> records =
                    consumer.poll(policy.pollTimeout(pending, writer.inFlight(), clock.millis()));
            polled(records);
            if (!settled.isDone()
                    && records.isEmpty()
                    && pending.isEmpty()
                    && !writer.inFlight()
                    && unpositioned.isEmpty()
                    && !consumer.assignment().isEmpty()) {
                settled.complete(null); // caught up, nothing to store
            }
            if (policy.shouldFlush(pending, records.count(), writer.inFlight(), clock.millis())) {
                flush();
            }
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            outage(e);
        }
    }

    private void polled(ConsumerRecords<byte[], byte[]> records) {
        long now = clock.millis();
        Map<String, Integer> perTopic = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            perTopic.merge(r.topic(), 1, Integer::sum);
            try {
                switch (decoder.decodeOrSkip(r)) {
                    case Decoding.Value<T> v -> pending.add(new Decoded<>(r, v.value()), now);
                    case Decoding.Skip<T> s -> pending.addSkipped(r, now);
                }
            } catch (RuntimeException e) {
                // Any decoder failure is the record's fault: its position is already consumed, so it must go
                // somewhere durable rather than be retried forever.
                pending.addPoison(r, e, now);
            }
        }
        for (TopicPartition tp : records.partitions()) {
            health.reading(tp, records.records(tp).get(0).offset());
        }
        health.polled(perTopic, retry.retrying());
        health.updateLag(consumer);
    }

    /**
     * Hands the batch in hand to the writer thread, once the batch in flight (if any) is stored; the loop goes on
     * polling meanwhile. Throws if the batch in flight failed (its records are then back in hand).
     */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        settle();
        PendingBatch<T> batch = pending;
        pending = new PendingBatch<>();
        writer.submit(batch, committer.needsGroupMetadata() ? consumer.groupMetadata() : null);
    }

    /** Waits for the batch in flight; once stored, counts it and moves its durable offsets. */
    private void settle() {
        BatchWriter.Written<T> w = writer.settle(pending);
        if (w != null) {
            settled.complete(null);
            health.stored(w.batch(), w.deadLettered(), w.skipped());
            health.storedUpTo(w.durable());
            committer.commit(consumer, w.durable());
        }
    }

    /** Seeks newly assigned partitions to the offsets the sink stored, then lets them flow. */
    private void position() {
        if (unpositioned.isEmpty()) {
            return;
        }
        Set<TopicPartition> parts = Set.copyOf(unpositioned);
        OffsetStore store = committer.positions().orElse(null);
        if (store != null) {
            settle(); // the sink is used by one thread at a time
            Map<TopicPartition, Long> stored = store.load(parts);
            stored.forEach(consumer::seek);
            log.info("{}: assigned {}; resuming from stored offsets {}", service, parts, stored);
        }
        unpositioned.clear();
        if (!retry.retrying()) {
            consumer.resume(parts);
        }
    }

    private void outage(RuntimeException e) {
        boolean first = !retry.retrying();
        consumer.pause(consumer.assignment());
        long delay = retry.failed(clock.millis());
        health.degraded(e);
        if (first) {
            log.warn(
                    "{}: write failed, partitions paused, retrying with backoff ({} records in hand): {}",
                    service,
                    pending.size(),
                    LoopHealth.describe(e));
        } else {
            log.debug(
                    "{}: retry {} failed, next in {} ms: {}", service, retry.attempts(), delay, LoopHealth.describe(e));
        }
    }

    private void recovered() {
        log.info("{}: recovered after {} retries", service, retry.attempts());
        retry.recovered();
        Set<TopicPartition> resume = new HashSet<>(consumer.assignment());
        resume.removeAll(unpositioned);
        consumer.resume(resume);
        health.recovered();
    }

    /** Stores the batch in hand once more and commits what is durable; the loop is stopping. */
    void drain() {
        try {
            settle();
        } catch (RuntimeException e) {
            log.debug("{}: the last batch in flight failed; retrying it once: {}", service, LoopHealth.describe(e));
        }
        if (!pending.isEmpty()) {
            try {
                flush();
                settle();
            } catch (RuntimeException e) {
                log.warn(
                        "{}: stopping with {} records not stored; they are re-read on restart: {}",
                        service,
                        pending.size(),
                        LoopHealth.describe(e));
            }
        }
        committer.commitOnClose(consumer);
    }

    /** Runs inside {@code poll}, on the polling thread: the write in flight settles before partitions move. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                settle();
                if (!retry.retrying()) {
                    flush();
                    settle();
                }
            } catch (RuntimeException e) {
                log.warn(
                        "{}: could not store the batch before a rebalance; its new owner re-reads it: {}",
                        service,
                        LoopHealth.describe(e));
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            unpositioned.addAll(partitions);
            consumer.pause(partitions);
            if (!writer.inFlight()) {
                // Seek and resume now, so that this very poll fetches them rather than waiting out its timeout
                // with every partition paused. If the stored offsets cannot be read, the next step retries.
                try {
                    position();
                } catch (RuntimeException e) {
                    log.debug("{}: positioning {} on the next step: {}", service, partitions, LoopHealth.describe(e));
                }
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            try {
                settle(); // a write of these partitions may still commit; let it finish before they are forgotten
            } catch (RuntimeException e) {
                log.debug(
                        "{}: the batch in flight failed as partitions were lost: {}", service, LoopHealth.describe(e));
            }
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            pending.drop(partitions);
            unpositioned.removeAll(partitions);
            committer.forget(partitions);
            health.forget(partitions);
            sink.release(partitions);
        }
    }
}
