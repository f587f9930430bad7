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
        List<Object> batch = new ArrayList<>();
        int emptyDrains = 0;
        long lastSync = System.nanoTime();
        while (true) {
            for (Object o; batch.size() < DRAIN_MAX && (o = queue.poll()) != null; ) {
                batch.add(o);
            }
            queued.addAndGet(-batch.size());
            if (batch.isEmpty()) {
                if (closing) {
                    break;
                }
                emptyDrains++;
            } else {
                emptyDrains = 0;
            }
            try {
                if (kafka.isUp() && spill.hasPending()) {
                    replay();
                }
                handleAll(batch);
                if (config.fsync() == EmitterConfig.FsyncPolicy.INTERVAL && System.nanoTime() - lastSync > SYNC_NANOS) {
                    spill.sync();
                    lastSync = System.nanoTime();
                }
            } catch (RuntimeException e) {
                // A spill write failed (disk full, I/O error): what was in hand is counted as dropped there.
                log.error("event sender: {}", e.getMessage(), e);
            } finally {
                batch.clear();
            }
            pause(emptyDrains);
        }
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

    /** Sends or spills a batch in order; spilled records are written together, with one write. */
    private void handleAll(List<Object> batch) {
        List<OutboundRecord> toSpill = new ArrayList<>();
        for (Object o : batch) {
            if (o instanceof FlushRequest f) {
                spillAll(toSpill);
                toSpill.clear();
                boolean done = false;
                if (kafka.isUp()) {
                    replay();
                    producer.flush();
                    done = kafka.isUp() && !spill.hasPending() && inFlight.get() == 0;
                }
                f.done().complete(done);
                continue;
            }
            OutboundRecord record = encode((Event) o);
            if (record == null) {
                continue;
            }
            if (toSpill.isEmpty() && kafka.isUp() && !spill.hasPending()) {
                send(record);
            } else {
                toSpill.add(record);
            }
        }
        spillAll(toSpill);
    }

    private void spillAll(List<OutboundRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        int written;
        try {
            written = spill.appendAll(records);
        } catch (RuntimeException e) {
            records.forEach(r -> drop("spill_failed", r, e));
            return;
        }
        for (int i = 0; i < records.size(); i++) {
            if (i < written) {
                metrics.spilled("kafka_unavailable");
            } else {
                drop(closed ? "closed" : "spill_full", records.get(i), null);
            }
        }
    }

    private void send(OutboundRecord record) {
        inFlight.incrementAndGet();
        try {
            producer.send(record.toProducerRecord(), (metadata, e) -> {
                inFlight.decrementAndGet();
                if (e == null) {
                    metrics.sent(1);
                    kafka.succeeded();
                } else {
                    failed(record, e);
                }
            });
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            failed(record, e);
        }
    }

    /** A send failed: spill it unless Kafka rejected the record itself. */
    private void failed(OutboundRecord record, Exception e) {
        if (isRejection(e)) {
            drop("rejected", record, e);
            return;
        }
        kafka.failed(e);
        spill(record, "kafka_unavailable");
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
                        drop("rejected", chunk.records().get(i), cause);
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
            drop("rejected", null, e);
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
            drop(closed ? "closed" : "spill_full", record, null);
        } catch (RuntimeException e) {
            drop("spill_failed", record, e);
        }
        return false;
    }

    private void drop(String reason, OutboundRecord record, Exception cause) {
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
        // Anything that slipped into the queue after the sender stopped.
        for (Object o; (o = queue.poll()) != null; ) {
            if (o instanceof Event e) {
                spill(encode(e), "shutdown");
            } else if (o instanceof FlushRequest f) {
                f.done().complete(false);
            }
        }
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
