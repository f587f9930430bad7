package io.sluice.core.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop every Sluice consumer runs: poll, decode, batch, write through a {@link Sink}, then commit.
 *
 * <p><b>Delivery.</b> Offsets move only after the sink returned. With a sink that {@linkplain Sink#storesOffsets()
 * stores offsets} in its own transaction, the loop seeks to those offsets on every assignment, so each record is
 * stored exactly once; it still commits them to Kafka afterwards so lag tools keep working. Otherwise offsets are
 * committed to Kafka after each write (at-least-once).
 *
 * <p><b>Failures.</b> A record the decoder rejects goes to {@code <topic>.dlq}. A write the {@link
 * FailureClassifier} calls {@link FailureKind#DATA data} is split in halves until the bad records are alone; each
 * goes to the dead-letter topic and the rest is stored. Anything else is an outage: every partition is paused, the
 * loop keeps polling (so it stays in the group) and retries the batch in hand with exponential backoff; health
 * reports {@link ConsumerStatus#DEGRADED} meanwhile. Outages never reach the dead-letter topic.
 *
 * <p><b>Pipeline.</b> A batch is written on the loop's writer thread while the loop polls and decodes the next one,
 * so the database and the JVM work at the same time. At most one batch is in flight: the next write starts only
 * after the previous one succeeded and its offsets moved, so batches are stored in order. If a write fails, its
 * batch is put back in front of the records polled since, and retried as one.
 *
 * <p><b>Threads.</b> One consumer per loop, on its own thread, and one writer thread that runs the sink (and the
 * dead-letter publishing) one batch at a time. {@link #state()} and {@link #close()} may be called from any
 * thread; close stops polling, stores the batch in hand, leaves the group and returns within
 * {@link ConsumerLoopConfig#shutdownTimeout()}.
 */
public final class ConsumerLoop<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final long IDLE_POLL_MILLIS = 100;
    private static final long EMPTY_POLL_MILLIS = 500;
    /** How often the loop looks at a write in flight while it has nothing else to wait for. */
    private static final long IN_FLIGHT_POLL_MILLIS = 5;

    private final ConsumerLoopConfig config;
    private final Consumer<byte[], byte[]> consumer;
    private final DeadLetterPublisher deadLetters;
    private final Decoder<T> decoder;
    private final Sink<T> sink;
    private final FailureClassifier classifier;
    private final ConsumerMetrics metrics;
    private final AutoCloseable clientMetrics;
    private final Backoff backoff;
    private final ExecutorService writer;
    private PendingBatch<T> pending = new PendingBatch<>();
    private InFlight<T> inFlight;
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    private final Map<TopicPartition, OffsetAndMetadata> lastStored = new HashMap<>();
    private final Thread thread;

    private boolean retrying;
    private long retryAtMillis;

    private volatile boolean stopping;
    private volatile ConsumerStatus status = ConsumerStatus.STARTING;
    private volatile Instant lastPollAt;
    private volatile long lag = -1;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * A loop with its own Kafka consumer and dead-letter producer.
     *
     * @param classifier decides which write failures are bad data; see {@link FailureClassifier}
     */
    public static <T> ConsumerLoop<T> create(
            ConsumerLoopConfig config,
            Decoder<T> decoder,
            Sink<T> sink,
            FailureClassifier classifier,
            MeterRegistry registry) {
        // Pass-through properties first: the keys below carry the delivery guarantee and cannot be overridden.
        Map<String, Object> props = new HashMap<>(config.kafkaProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.service());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group reads the topic from the start: records produced before the first deployment count too.
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxRecords());
        Consumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        DeadLetterPublisher deadLetters =
                DeadLetterPublisher.create(config.bootstrapServers(), config.service(), Map.of());
        return new ConsumerLoop<>(config, consumer, deadLetters, decoder, sink, classifier, registry);
    }

    /** A loop over the given clients, which it owns and closes; for tests with Kafka's mock clients. */
    public ConsumerLoop(
            ConsumerLoopConfig config,
            Consumer<byte[], byte[]> consumer,
            DeadLetterPublisher deadLetters,
            Decoder<T> decoder,
            Sink<T> sink,
            FailureClassifier classifier,
            MeterRegistry registry) {
        this.config = config;
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.decoder = decoder;
        this.sink = sink;
        this.classifier = classifier;
        this.metrics = new ConsumerMetrics(registry, config.service());
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
        this.clientMetrics = consumer instanceof KafkaConsumer<?, ?> kc ? bind(kc, registry) : () -> {};
        this.thread = new Thread(this::run, "sluice-consumer-" + config.service());
        this.writer = Executors.newSingleThreadExecutor(Thread.ofPlatform()
                .name("sluice-writer-" + config.service())
                .daemon()
                .factory());
    }

    /** A batch handed to the writer thread; the future yields the records it dead-lettered. */
    private record InFlight<T>(PendingBatch<T> batch, Future<List<ConsumerRecord<byte[], byte[]>>> result) {}

    private static AutoCloseable bind(KafkaConsumer<?, ?> consumer, MeterRegistry registry) {
        KafkaClientMetrics m = new KafkaClientMetrics(consumer);
        m.bindTo(registry);
        return m;
    }

    public ConsumerLoop<T> start() {
        thread.start();
        return this;
    }

    public ConsumerState state() {
        ConsumerStatus s = status;
        if (s.isRunning() && !thread.isAlive() && thread.getState() != Thread.State.NEW) {
            s = ConsumerStatus.FAILED;
        }
        return new ConsumerState(s, lastPollAt, lag, lastError, lastErrorAt, written.get(), failed.get());
    }

    /** Stops polling, stores the batch in hand, leaves the group. Waits at most the configured shutdown timeout. */
    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
        if (thread.getState() == Thread.State.NEW) {
            closeClients();
            status = ConsumerStatus.STOPPED;
            return;
        }
        try {
            thread.join(config.shutdownTimeout().toMillis());
            if (thread.isAlive()) {
                log.warn(
                        "{}: consumer did not stop within {}; records in hand are re-read on restart",
                        config.service(),
                        config.shutdownTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            consumer.subscribe(config.topics(), new Rebalance());
            log.info("{}: consuming {} as group {}", config.service(), config.topics(), config.groupId());
            while (!stopping) {
                try {
                    step();
                } catch (WakeupException e) {
                    // close() was called; the loop condition ends it.
                }
            }
            drain();
            status = ConsumerStatus.STOPPED;
        } catch (RuntimeException | Error e) {
            status = ConsumerStatus.FAILED;
            error(e);
            log.error("{}: consumer loop ended on an unexpected error", config.service(), e);
        } finally {
            closeClients();
        }
    }

    private void step() {
        long now = System.currentTimeMillis();
        if (now < retryAtMillis) {
            polled(consumer.poll(Duration.ofMillis(Math.min(retryAtMillis - now, IDLE_POLL_MILLIS))));
            return;
        }
        try {
            if (inFlight != null && inFlight.result().isDone()) {
                settle();
            }
            position();
            if (retrying) {
                flush();
                settle();
                recovered();
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout());
            polled(records);
            if (shouldFlush(records.count())) {
                flush();
            }
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            outage(e);
        }
    }

    private Duration pollTimeout() {
        long timeout = EMPTY_POLL_MILLIS;
        if (!pending.isEmpty()) {
            long age = pending.ageMillis(System.currentTimeMillis());
            timeout = Math.max(
                    0, Math.min(config.linger().toMillis(), config.maxWait().toMillis()) - age);
        }
        return Duration.ofMillis(inFlight == null ? timeout : Math.min(timeout, IN_FLIGHT_POLL_MILLIS));
    }

    private boolean shouldFlush(int polledCount) {
        if (pending.isEmpty()) {
            return false;
        }
        long age = pending.ageMillis(System.currentTimeMillis());
        if (pending.size() >= config.maxRecords()
                || pending.bytes() >= config.maxBytes()
                || age >= config.maxWait().toMillis()) {
            return true;
        }
        boolean caughtUp = polledCount < config.maxRecords();
        return caughtUp && age >= config.linger().toMillis();
    }

    private void polled(ConsumerRecords<byte[], byte[]> records) {
        lastPollAt = Instant.now();
        if (status == ConsumerStatus.STARTING && !retrying) {
            status = ConsumerStatus.RUNNING;
        }
        long now = System.currentTimeMillis();
        Map<String, Integer> perTopic = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            perTopic.merge(r.topic(), 1, Integer::sum);
            try {
                pending.add(new Decoded<>(r, decoder.decode(r)), now);
            } catch (RuntimeException e) {
                // Any decoder failure is the record's fault: its position is already consumed, so it must go
                // somewhere durable rather than be retried forever.
                pending.addPoison(r, e, now);
            }
        }
        perTopic.forEach(metrics::recordsIn);
        updateLag();
    }

    private void updateLag() {
        long total = 0;
        boolean known = false;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l;
            try {
                l = consumer.currentLag(tp);
            } catch (UnsupportedOperationException e) {
                return;
            }
            if (l.isPresent()) {
                metrics.lag(tp, l.getAsLong());
                total += l.getAsLong();
                known = true;
            }
        }
        lag = known ? total : -1;
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
        inFlight = new InFlight<>(batch, writer.submit(() -> store(batch)));
    }

    /**
     * Waits for the batch in flight. Once stored, counts it and moves its offsets; if its write failed, puts its
     * records back in front of those polled since (so the retry keeps them in order) and rethrows the failure.
     */
    private void settle() {
        InFlight<T> f = inFlight;
        if (f == null) {
            return;
        }
        inFlight = null;
        List<ConsumerRecord<byte[], byte[]>> deadLettered;
        try {
            deadLettered = f.result().get();
        } catch (ExecutionException e) {
            f.batch().append(pending);
            pending = f.batch();
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.batch().append(pending);
            pending = f.batch();
            throw new IllegalStateException("interrupted while a batch was being written", e);
        }
        Batch<T> batch = f.batch().toBatch();
        count(batch, deadLettered);
        commit(batch.nextOffsets());
    }

    /**
     * Stores a batch, on the writer thread: dead letters first, then the records and offsets, isolating bad data.
     * Returns the records it dead-lettered.
     */
    private List<ConsumerRecord<byte[], byte[]>> store(PendingBatch<T> pendingBatch) {
        long start = System.nanoTime();
        Batch<T> batch = pendingBatch.toBatch();
        List<ConsumerRecord<byte[], byte[]>> deadLettered = new ArrayList<>();
        for (PendingBatch.Poison p : pendingBatch.poison()) {
            deadLetter(p.record(), p.reason(), deadLettered);
        }
        deadLetters.flush();
        try {
            sink.write(batch);
        } catch (RuntimeException e) {
            if (classifier.classify(e) != FailureKind.DATA) {
                throw e;
            }
            log.warn(
                    "{}: a batch of {} records hit bad data ({}); isolating the bad records",
                    config.service(),
                    batch.size(),
                    e.getMessage());
            writeIsolating(batch.records(), deadLettered);
            sink.write(Batch.offsetsOnly(batch.nextOffsets()));
        }
        metrics.batch(batch.size(), System.nanoTime() - start);
        return deadLettered;
    }

    private void writeIsolating(List<Decoded<T>> records, List<ConsumerRecord<byte[], byte[]>> deadLettered) {
        if (records.isEmpty()) {
            return;
        }
        try {
            sink.write(Batch.of(records));
        } catch (RuntimeException e) {
            if (classifier.classify(e) != FailureKind.DATA) {
                throw e;
            }
            if (records.size() == 1) {
                deadLetter(records.get(0).source(), e, deadLettered);
                deadLetters.flush();
                return;
            }
            int mid = records.size() / 2;
            writeIsolating(records.subList(0, mid), deadLettered);
            writeIsolating(records.subList(mid, records.size()), deadLettered);
        }
    }

    private void deadLetter(
            ConsumerRecord<byte[], byte[]> r, RuntimeException reason, List<ConsumerRecord<byte[], byte[]>> out) {
        log.warn(
                "{}: {}-{}@{} goes to {}: {}",
                config.service(),
                r.topic(),
                r.partition(),
                r.offset(),
                DeadLetterPublisher.topicFor(r.topic()),
                reason.getMessage());
        deadLetters.publish(r, reason);
        out.add(r);
    }

    /**
     * Counts a stored batch. {@code deadLettered} holds the rejected records: decoder rejects (never part of the
     * batch's records) and isolated sink rejects (part of them, so not written).
     */
    private void count(Batch<T> batch, List<ConsumerRecord<byte[], byte[]>> deadLettered) {
        Map<String, Integer> stored = new HashMap<>();
        long newest = -1;
        for (Decoded<T> r : batch.records()) {
            stored.merge(r.topic(), 1, Integer::sum);
            newest = Math.max(newest, r.timestamp());
        }
        Set<ConsumerRecord<byte[], byte[]>> inBatch =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        batch.records().forEach(r -> inBatch.add(r.source()));
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
        written.addAndGet(stored.values().stream().mapToInt(Integer::intValue).sum());
        failed.addAndGet(deadLettered.size());
        if (newest >= 0) {
            metrics.written(newest);
        }
    }

    private void commit(Map<TopicPartition, Long> nextOffsets) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((tp, o) -> offsets.put(tp, new OffsetAndMetadata(o)));
        lastStored.putAll(offsets);
        if (sink.storesOffsets()) {
            consumer.commitAsync(offsets, (o, e) -> {
                if (e != null) {
                    log.debug(
                            "{}: Kafka commit failed (offsets are stored with the data): {}",
                            config.service(),
                            e.getMessage());
                }
            });
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // The records are stored; whoever owns the partition next re-reads them and the idempotent sink
            // absorbs the repeat.
            log.warn(
                    "{}: offset commit failed after a successful write; the records will be re-read: {}",
                    config.service(),
                    e.getMessage());
        }
    }

    /** Seeks newly assigned partitions to the offsets the sink stored, then lets them flow. */
    private void position() {
        if (unpositioned.isEmpty()) {
            return;
        }
        Set<TopicPartition> parts = Set.copyOf(unpositioned);
        if (sink.storesOffsets()) {
            settle(); // the sink is used by one thread at a time
            Map<TopicPartition, Long> stored = sink.storedOffsets(parts);
            stored.forEach(consumer::seek);
            log.info("{}: assigned {}; resuming from stored offsets {}", config.service(), parts, stored);
        }
        unpositioned.clear();
        if (!retrying) {
            consumer.resume(parts);
        }
    }

    private void outage(RuntimeException e) {
        boolean first = !retrying;
        retrying = true;
        consumer.pause(consumer.assignment());
        long delay = backoff.nextDelayMillis();
        retryAtMillis = System.currentTimeMillis() + delay;
        status = ConsumerStatus.DEGRADED;
        error(e);
        metrics.retry();
        if (first) {
            log.warn(
                    "{}: write failed, partitions paused, retrying with backoff ({} records in hand): {}",
                    config.service(),
                    pending.size(),
                    describe(e));
        } else {
            log.debug(
                    "{}: retry {} failed, next in {} ms: {}", config.service(), backoff.attempts(), delay, describe(e));
        }
    }

    private void recovered() {
        log.info("{}: recovered after {} retries", config.service(), backoff.attempts());
        retrying = false;
        retryAtMillis = 0;
        backoff.reset();
        Set<TopicPartition> resume = new HashSet<>(consumer.assignment());
        resume.removeAll(unpositioned);
        consumer.resume(resume);
        status = ConsumerStatus.RUNNING;
    }

    private void drain() {
        try {
            settle();
        } catch (RuntimeException e) {
            log.debug("{}: the last batch in flight failed; retrying it once: {}", config.service(), describe(e));
        }
        if (!pending.isEmpty()) {
            try {
                flush();
                settle();
            } catch (RuntimeException e) {
                log.warn(
                        "{}: stopping with {} records not stored; they are re-read on restart: {}",
                        config.service(),
                        pending.size(),
                        describe(e));
            }
        }
        if (!lastStored.isEmpty()) {
            try {
                consumer.commitSync(lastStored, Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("{}: final Kafka commit failed: {}", config.service(), e.getMessage());
            }
        }
    }

    private void closeClients() {
        writer.shutdownNow();
        try {
            clientMetrics.close();
        } catch (Exception e) {
            log.debug("closing client metrics", e);
        }
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("{}: closing the consumer: {}", config.service(), e.getMessage());
        }
        try {
            deadLetters.close();
        } catch (RuntimeException e) {
            log.debug("{}: closing the dead-letter producer: {}", config.service(), e.getMessage());
        }
        log.info(
                "{}: consumer stopped ({} records stored, {} dead-lettered)",
                config.service(),
                written.get(),
                failed.get());
    }

    private void error(Throwable e) {
        lastError = describe(e);
        lastErrorAt = Instant.now();
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
        return root == e
                ? msg
                : msg + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                settle();
                if (!retrying) {
                    flush();
                    settle();
                }
            } catch (RuntimeException e) {
                log.warn(
                        "{}: could not store the batch before a rebalance; its new owner re-reads it: {}",
                        config.service(),
                        describe(e));
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            unpositioned.addAll(partitions);
            consumer.pause(partitions);
            if (inFlight == null) {
                // Seek and resume now, so that this very poll fetches them rather than waiting out its timeout
                // with every partition paused. If the stored offsets cannot be read, the next step retries.
                try {
                    position();
                } catch (RuntimeException e) {
                    log.debug("{}: positioning {} on the next step: {}", config.service(), partitions, describe(e));
                }
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            try {
                settle(); // a write of these partitions may still commit; let it finish before they are forgotten
            } catch (RuntimeException e) {
                log.debug("{}: the batch in flight failed as partitions were lost: {}", config.service(), describe(e));
            }
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            pending.drop(partitions);
            unpositioned.removeAll(partitions);
            partitions.forEach(lastStored::remove);
        }
    }
}
