package io.sluice.producer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.sluice.core.kafka.KafkaReachability;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends events to Kafka without ever blocking the caller, and without losing them when Kafka is away.
 *
 * <p><b>Path of an event.</b> {@link #emit} puts it on a bounded in-memory queue and returns. One sender thread
 * takes events off the queue: while Kafka is reachable and nothing is spilled, it hands them to an idempotent
 * {@code acks=all} producer; otherwise it appends them to the {@link SpillFile}. A record the producer gives up on
 * (after {@link EmitterConfig#deliveryTimeout()}) is spilled from its callback. When Kafka is back, the sender
 * replays the spill file in order, chunk by chunk, before any new event — new events keep going to the file until
 * it is empty. If the queue is full, the request thread appends to the spill file itself (a short, bounded write)
 * instead of waiting or dropping.
 *
 * <p><b>Completion-aware sends.</b> {@link #emit} returns before anything is safe. {@link #send} takes a serialized
 * {@link OutboundRecord} (with a key, say) and returns a future that completes with {@link Delivery#SENT} once Kafka
 * acknowledged the record, or with {@link Delivery#SPILLED} once the spill file holding it was forced to disk, and
 * fails with an {@link EventDroppedException} when it was dropped (queue or spill file full, rejected, closing): an
 * API can answer "accepted" only when the record is safe. A full queue refuses a {@code send} at once ({@code
 * queue_full}) rather than spilling on the caller's thread, which would put the record ahead of older ones.
 *
 * <p><b>Order.</b> Records are sent, spilled and replayed in the order they were handed over; per key (one
 * partition) that order holds across a spill and its replay. A record Kafka fails to acknowledge is spilled by the
 * sender thread, not by the producer's callback: before it spills anything the sender waits until every record sent
 * earlier is acknowledged or failed, and spills the failed ones first, in the order they were sent. The one exception
 * is {@link #emit} on a full queue (spilled on the caller's thread, ahead of what is queued), which request events
 * accept: their consumers order by timestamp.
 *
 * <p><b>Guarantee.</b> At least once into Kafka: every event is acknowledged by Kafka or on disk, except those
 * dropped past {@link EmitterConfig#spillMaxBytes()} (or rejected by Kafka as invalid: too large, bad topic), which
 * are counted ({@code sluice.events.dropped}) and shown in {@link #state()}. Copies (a replayed chunk whose
 * acknowledgement was lost) carry the same {@code event_id}, so consumers store them once.
 *
 * <p><b>Shutdown.</b> {@link #close()} stops intake, sends or spills everything queued, waits up to
 * {@link EmitterConfig#shutdownTimeout()} for acknowledgements, and spills whatever is still unacknowledged.
 *
 * <p>Thread-safe.
 */
public final class EventEmitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventEmitter.class);
    private static final int DRAIN_MAX = 1_000;
    private static final int REPLAY_RECORDS = 500;
    private static final int REPLAY_BYTES = 1 << 20;
    /** Under load the sender drains the queue once per millisecond, so events arrive in batches. */
    private static final long GATHER_NANOS = 1_000_000;
    /** Idle, it sleeps until an event wakes it, or this long (to replay when Kafka is back). */
    private static final long IDLE_NANOS = 50_000_000;

    private static final int IDLE_AFTER_EMPTY_DRAINS = 20;
    /** {@link EmitterConfig.FsyncPolicy#INTERVAL}: how often spilled events are forced to disk. */
    private static final long SYNC_NANOS = 100_000_000;

    private final EmitterConfig config;
    private final Producer<byte[], byte[]> producer;
    private final SpillFile spill;
    private final KafkaReachability kafka;
    private final EmitterMetrics metrics;
    private final AutoCloseable clientMetrics;
    // Lock-free: request threads (virtual threads, many) never contend on a lock to hand an event over.
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread sender;

    private volatile boolean closing;
    private volatile boolean senderIdle;
    private volatile boolean closed;
    private volatile Instant lastDropAt;
    private volatile String lastDropReason;

    /** A request, queued behind the events before it, to send everything and wait for acknowledgements. */
    private record FlushRequest(CompletableFuture<Boolean> done) {}

    /** A record from {@link #send}, with the future its caller waits on. */
    private record Tracked(OutboundRecord record, CompletableFuture<Delivery> done) {}

    /** A record Kafka did not acknowledge, handed back to the sender thread to be spilled in send order. */
    private record FailedSend(long seq, OutboundRecord record, CompletableFuture<Delivery> done) {}

    /** Filled by producer callbacks, drained by the sender thread once nothing is in flight. */
    private final ConcurrentLinkedQueue<FailedSend> failedSends = new ConcurrentLinkedQueue<>();
    /** Sender thread only: the order in which records were handed to the producer. */
    private long sendSeq;

    EventEmitter(
            EmitterConfig config,
            Producer<byte[], byte[]> producer,
            SpillFile spill,
            KafkaReachability kafka,
            MeterRegistry registry) {
        this.config = config;
        this.producer = producer;
        this.spill = spill;
        this.kafka = kafka;
        this.metrics = new EmitterMetrics(registry, config.service(), this);
        this.clientMetrics = producer instanceof KafkaProducer<?, ?> kp ? bind(kp, registry) : () -> {};
        this.sender = new Thread(this::run, "sluice-events-sender");
        this.sender.setDaemon(true);
    }

    /**
     * Starts an emitter with its own producer, probe and spill file.
     *
     * @param topics topics to create (with their partition counts) once Kafka answers
     * @throws java.io.UncheckedIOException if the spill file cannot be opened
     */
    public static EventEmitter start(EmitterConfig config, Map<String, Integer> topics, MeterRegistry registry) {
        SpillFile spill = SpillFile.open(config.spillPath(), config.spillMaxBytes(), config.fsync());
        Map<String, Object> props = config.security().clientProperties(config.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.service() + "-emitter");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Larger, fewer produce requests: the broker's cost is per request far more than per record.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.maxBlock().toMillis());
        long delivery = config.deliveryTimeout().toMillis();
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(2_000, delivery / 2));
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        props.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 1_000);
        props.putAll(config.producerProperties());
        KafkaReachability kafka = KafkaReachability.create(
                config.bootstrapServers(),
                config.service() + "-probe",
                config.probeInterval(),
                config.probeTimeout(),
                config.security(),
                Map.of(),
                topics);
        Producer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            kafka.close();
            spill.close();
            throw e;
        }
        EventEmitter emitter = new EventEmitter(config, producer, spill, kafka, registry);
        // One synchronous probe first, so that the first request already reports Kafka as it is.
        kafka.probe();
        kafka.start();
        return emitter.startSending();
    }

    /** Starts the sender thread. */
    EventEmitter startSending() {
        sender.start();
        return this;
    }

    private static AutoCloseable bind(KafkaProducer<?, ?> producer, MeterRegistry registry) {
        KafkaClientMetrics m = new KafkaClientMetrics(producer);
        m.bindTo(registry);
        return m;
    }

    /**
     * Hands an event over for sending. Never blocks on Kafka; when the queue is full it appends the event to the
     * spill file on the calling thread. Returns false if the event was dropped (spill file full, or closed).
     */
    public boolean emit(Event event) {
        metrics.emitted();
        if (!closing && enqueue(event, false)) {
            return true;
        }
        return spill(encode(event), "queue_full");
    }

    /**
     * Hands a serialized record over and returns at once; never blocks on Kafka or the disk. The future completes on
     * the sender thread or a producer thread (chain only cheap work onto it, or use the async variants): {@link
     * Delivery#SENT} once Kafka acknowledged the record, {@link Delivery#SPILLED} once it is forced to disk in the
     * spill file, or exceptionally with an {@link EventDroppedException}: {@code queue_full} at once when {@link
     * EmitterConfig#queueCapacity()} records wait already, {@code spill_full} past {@link
     * EmitterConfig#spillMaxBytes()}, {@code rejected}, {@code spill_failed} or {@code closed}.
     */
    public CompletableFuture<Delivery> send(OutboundRecord record) {
        metrics.emitted();
        CompletableFuture<Delivery> done = new CompletableFuture<>();
        if (closing) {
            drop("closed", record, null, done);
        } else if (!enqueue(new Tracked(record, done), false)) {
            drop("queue_full", record, null, done);
        }
        return done;
    }

    private boolean enqueue(Object item, boolean always) {
        if (queued.incrementAndGet() > config.queueCapacity() && !always) {
            queued.decrementAndGet();
            return false;
        }
        queue.offer(item);
        if (senderIdle) {
            senderIdle = false;
            LockSupport.unpark(sender);
        }
        return true;
    }

    /** Whether Kafka answered recently and nothing since says it is gone. */
    public boolean kafkaUp() {
        return kafka.isUp();
    }

    /**
     * Sends everything queued and spilled, and waits until Kafka acknowledged it, at most {@code timeout}. Returns
     * whether nothing is left unsent (false when Kafka is unreachable or the time ran out).
     */
    public boolean flush(Duration timeout) {
        if (closing) {
            return false;
        }
        FlushRequest request = new FlushRequest(new CompletableFuture<>());
        enqueue(request, true);
        try {
            return request.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** A snapshot for health and status endpoints. */
    public EmitterState state() {
        return new EmitterState(
                kafka.isUp(),
                kafka.lastError(),
                kafka.lastSuccessAt(),
                queued.get(),
                inFlight.get(),
                spill.pendingRecords(),
                spill.bytes(),
                config.spillMaxBytes(),
                metrics.sent(),
                metrics.spilled(),
                metrics.dropped(),
                lastDropAt,
                lastDropReason);
    }

    int queued() {
        return queued.get();
    }

    long spillPending() {
        return spill.pendingRecords();
    }

    long spillBytes() {
        return spill.bytes();
    }

    // --- sender thread ---

    private void run() {
        // Items taken off the queue; those not handled yet (held back until earlier sends resolve) stay at the front.
        List<Object> batch = new ArrayList<>();
        int emptyDrains = 0;
        long lastSync = System.nanoTime();
        while (true) {
            if (mustWaitForInFlight()) {
                // Something is to be spilled or replayed while records sent earlier are still unresolved: spilling now
                // could put a record ahead of an older one of the same key that fails later. Wait (at most the
                // delivery timeout) until each in-flight record is acknowledged or failed.
                LockSupport.parkNanos(GATHER_NANOS);
                continue;
            }
            int before = batch.size();
            for (Object o; batch.size() < DRAIN_MAX && (o = queue.poll()) != null; ) {
                batch.add(o);
            }
            queued.addAndGet(-(batch.size() - before));
            if (batch.isEmpty() && failedSends.isEmpty()) {
                if (closing) {
                    break;
                }
                emptyDrains++;
            } else {
                emptyDrains = 0;
            }
            try {
                spillFailedSends();
                if (kafka.isUp() && spill.hasPending()) {
                    replay();
                }
                int handled = handleAll(batch);
                batch.subList(0, handled).clear();
                if (config.fsync() == EmitterConfig.FsyncPolicy.INTERVAL && System.nanoTime() - lastSync > SYNC_NANOS) {
                    spill.sync();
                    lastSync = System.nanoTime();
                }
            } catch (RuntimeException e) {
                // The spill file failed (disk full, I/O error) outside an append, which counts its own drops: what is
                // in hand is dropped and counted here, and its callers told.
                log.error("event sender: {}", e.getMessage(), e);
                for (Object o : batch) {
                    if (o instanceof Tracked t) {
                        drop("spill_failed", t.record(), e, t.done());
                    } else if (o instanceof Event) {
                        drop("spill_failed", null, e, null);
                    } else if (o instanceof FlushRequest f) {
                        f.done().complete(false);
                    }
                }
                batch.clear();
            }
            pause(emptyDrains);
        }
    }

    /** Whether records are in flight while a failure, an outage or the spill file asks for spilling or replaying. */
    private boolean mustWaitForInFlight() {
        return inFlight.get() > 0 && (!failedSends.isEmpty() || !kafka.isUp() || spill.hasPending());
    }

    /**
     * Spills the records Kafka did not acknowledge, in the order they were sent, once nothing is in flight (a record
     * still in flight may be older than the failed ones and fail later).
     */
    private void spillFailedSends() {
        if (failedSends.isEmpty() || inFlight.get() > 0) {
            return;
        }
        List<FailedSend> failed = new ArrayList<>();
        for (FailedSend f; (f = failedSends.poll()) != null; ) {
            failed.add(f);
        }
        failed.sort(java.util.Comparator.comparingLong(FailedSend::seq));
        spillAll(
                failed.stream().map(FailedSend::record).toList(),
                failed.stream().map(FailedSend::done).toList());
    }

    /** Parks briefly under load, longer when idle; an event (or close) wakes an idle sender at once. */
    private void pause(int emptyDrains) {
        if (closing) {
            return;
        }
        if (emptyDrains < IDLE_AFTER_EMPTY_DRAINS) {
            LockSupport.parkNanos(GATHER_NANOS);
            return;
        }
        senderIdle = true;
        if (queue.isEmpty() && !closing) {
            LockSupport.parkNanos(IDLE_NANOS);
        }
        senderIdle = false;
    }

    /**
     * Sends or spills items in order; spilled records are written together, with one write. Returns how many items
     * were handled: it stops before the first record that must be spilled while earlier sends are still in flight
     * (the rest is handled once they resolve).
     */
    private int handleAll(List<Object> batch) {
        List<OutboundRecord> toSpill = new ArrayList<>();
        List<CompletableFuture<Delivery>> futures = new ArrayList<>();
        int handled = 0;
        for (Object o : batch) {
            if (o instanceof FlushRequest f) {
                spillAll(toSpill, futures);
                toSpill.clear();
                futures.clear();
                boolean done = false;
                if (kafka.isUp()) {
                    producer.flush();
                    spillFailedSends();
                    replay();
                    done = kafka.isUp() && !spill.hasPending() && inFlight.get() == 0;
                }
                f.done().complete(done);
                handled++;
                continue;
            }
            Tracked tracked = o instanceof Tracked t ? t : null;
            OutboundRecord record = tracked != null ? tracked.record() : encode((Event) o);
            if (record == null) {
                handled++;
                continue;
            }
            if (toSpill.isEmpty() && kafka.isUp() && !spill.hasPending() && failedSends.isEmpty()) {
                send(record, tracked == null ? null : tracked.done());
            } else if (toSpill.isEmpty() && (inFlight.get() > 0 || !failedSends.isEmpty())) {
                // Spill it only once what was sent before it is acknowledged, or failed and spilled ahead of it.
                break;
            } else {
                toSpill.add(record);
                futures.add(tracked == null ? null : tracked.done());
            }
            handled++;
        }
        spillAll(toSpill, futures);
        return handled;
    }

    /**
     * Appends records to the spill file; completes their futures (null for {@link #emit}'s records) once the file is
     * forced to disk, or fails them with the reason they were dropped.
     */
    private void spillAll(List<OutboundRecord> records, List<CompletableFuture<Delivery>> futures) {
        if (records.isEmpty()) {
            return;
        }
        int written;
        try {
            written = spill.appendAll(records);
        } catch (RuntimeException e) {
            for (int i = 0; i < records.size(); i++) {
                drop("spill_failed", records.get(i), e, futures.get(i));
            }
            return;
        }
        for (int i = 0; i < records.size(); i++) {
            if (i < written) {
                metrics.spilled("kafka_unavailable");
            } else {
                drop(closed ? "closed" : "spill_full", records.get(i), null, futures.get(i));
            }
        }
        completeSpilled(records.subList(0, written), futures.subList(0, written));
    }

    /** Forces the spill file to disk (unless fsync is {@code never}) and completes the futures of what it holds. */
    private void completeSpilled(List<OutboundRecord> records, List<CompletableFuture<Delivery>> futures) {
        if (futures.stream().allMatch(java.util.Objects::isNull)) {
            return;
        }
        try {
            if (config.fsync() != EmitterConfig.FsyncPolicy.NEVER) {
                spill.force();
            }
        } catch (RuntimeException e) {
            // On disk or not, they cannot be reported as safe; a client that retries sends the same event_id.
            for (int i = 0; i < futures.size(); i++) {
                if (futures.get(i) != null) {
                    futures.get(i)
                            .completeExceptionally(new EventDroppedException(
                                    "spill_failed",
                                    "the spill file could not be forced to disk: " + e.getMessage(),
                                    e));
                }
            }
            log.error("event sender: {}", e.getMessage());
            return;
        }
        futures.forEach(f -> {
            if (f != null) {
                f.complete(Delivery.SPILLED);
            }
        });
    }

    private void send(OutboundRecord record, CompletableFuture<Delivery> done) {
        long seq = sendSeq++;
        inFlight.incrementAndGet();
        try {
            producer.send(record.toProducerRecord(), (metadata, e) -> {
                if (e == null) {
                    metrics.sent(1);
                    kafka.succeeded();
                    inFlight.decrementAndGet();
                    if (done != null) {
                        done.complete(Delivery.SENT);
                    }
                } else {
                    failed(seq, record, done, e);
                    inFlight.decrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            failed(seq, record, done, e);
            inFlight.decrementAndGet();
        }
    }

    /**
     * A send failed: drop it if Kafka rejected the record itself, else hand it to the sender thread to be spilled (in
     * send order, once nothing is in flight). Called before the in-flight count drops, so that the sender sees the
     * failure no later than the count.
     */
    private void failed(long seq, OutboundRecord record, CompletableFuture<Delivery> done, Exception e) {
        if (isRejection(e)) {
            drop("rejected", record, e, done);
            return;
        }
        kafka.failed(e);
        failedSends.add(new FailedSend(seq, record, done));
        if (senderIdle) {
            LockSupport.unpark(sender);
        }
    }

    /** Replays the spill file in chunks while Kafka answers; stops at the first chunk that is not acknowledged. */
    private void replay() {
        long total = 0;
        while (kafka.isUp()) {
            SpillFile.Chunk chunk = spill.read(spill.replayPosition(), REPLAY_RECORDS, REPLAY_BYTES);
            if (chunk.isEmpty()) {
                break;
            }
            List<Future<RecordMetadata>> sends = new ArrayList<>(chunk.records().size());
            for (OutboundRecord r : chunk.records()) {
                try {
                    sends.add(producer.send(r.toProducerRecord()));
                } catch (RuntimeException e) {
                    sends.add(CompletableFuture.failedFuture(e));
                }
            }
            producer.flush();
            int rejected = 0;
            for (int i = 0; i < sends.size(); i++) {
                try {
                    sends.get(i).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    Exception cause = e.getCause() instanceof Exception c ? c : e;
                    if (isRejection(cause)) {
                        drop("rejected", chunk.records().get(i), cause, null);
                        rejected++;
                    } else {
                        kafka.failed(cause);
                        log.info("replay paused after {} events: {}", total, cause.getMessage());
                        return; // the chunk stays in the file and is sent again, whole, next time
                    }
                }
            }
            spill.replayed(chunk);
            kafka.succeeded();
            int acked = chunk.records().size() - rejected;
            metrics.sent(acked);
            metrics.replayed(acked);
            total += acked;
        }
        if (total > 0) {
            log.info("replayed {} spilled events to Kafka; {} still spilled", total, spill.pendingRecords());
        }
    }

    private static boolean isRejection(Exception e) {
        return e instanceof RecordTooLargeException
                || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidTopicException
                || e instanceof SerializationException;
    }

    private OutboundRecord encode(Event event) {
        try {
            return event.toRecord();
        } catch (IllegalArgumentException e) {
            drop("rejected", null, e, null);
            return null;
        }
    }

    private boolean spill(OutboundRecord record, String reason) {
        if (record == null) {
            return false;
        }
        try {
            if (spill.append(record)) {
                metrics.spilled(reason);
                return true;
            }
            drop(closed ? "closed" : "spill_full", record, null, null);
        } catch (RuntimeException e) {
            drop("spill_failed", record, e, null);
        }
        return false;
    }

    /** Counts a lost record and fails its future, if it has one. */
    private void drop(String reason, OutboundRecord record, Exception cause, CompletableFuture<Delivery> done) {
        if (done != null) {
            done.completeExceptionally(new EventDroppedException(
                    reason,
                    "event dropped (" + reason + ")" + (cause == null ? "" : ": " + cause.getMessage()),
                    cause));
        }
        metrics.dropped(reason);
        boolean first = lastDropAt == null || !reason.equals(lastDropReason);
        lastDropAt = Instant.now();
        lastDropReason = reason;
        if (first) {
            log.error(
                    "dropping events ({}): {}{}",
                    reason,
                    record == null ? "unserializable event" : "event for topic " + record.topic(),
                    cause == null ? "" : " (" + cause.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closing = true;
        LockSupport.unpark(sender);
        try {
            sender.join(config.shutdownTimeout().toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Unacknowledged records fail when the producer gives up; their callbacks spill them.
        try {
            producer.close(config.shutdownTimeout());
        } catch (RuntimeException e) {
            log.warn("closing the event producer: {}", e.getMessage());
        }
        closeQuietly(clientMetrics);
        kafka.close();
        // Records the producer gave up on while closing, then anything that slipped into the queue after the sender
        // stopped, in that order.
        spillFailedSends();
        List<OutboundRecord> late = new ArrayList<>();
        List<CompletableFuture<Delivery>> lateFutures = new ArrayList<>();
        for (Object o; (o = queue.poll()) != null; ) {
            if (o instanceof Event e) {
                OutboundRecord r = encode(e);
                if (r != null) {
                    late.add(r);
                    lateFutures.add(null);
                }
            } else if (o instanceof Tracked t) {
                late.add(t.record());
                lateFutures.add(t.done());
            } else if (o instanceof FlushRequest f) {
                f.done().complete(false);
            }
        }
        spillAll(late, lateFutures);
        closed = true;
        long pending = spill.pendingRecords();
        spill.close();
        log.info(
                "event emitter stopped: {} sent, {} spilled in all, {} waiting in {}, {} dropped",
                metrics.sent(),
                metrics.spilled(),
                pending,
                spill.path(),
                metrics.dropped());
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.debug("closing {}", c, e);
        }
    }
}
