package io.sluice.core.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.sluice.core.kafka.KafkaReachability;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop every Sluice consumer runs: poll, decode, batch, write through a {@link Sink}, then commit.
 *
 * <p><b>Delivery.</b> Offsets move only after the sink returned, and only as far as the sink reports them
 * {@linkplain Sink#durableOffsets durable}. How they move is the {@link OffsetCommitter}'s job, chosen once: with a
 * sink that has an {@linkplain Sink#offsetStore() offset store} the loop seeks to the stored offsets on every
 * assignment, inside the rebalance callback, so each record is stored exactly once (and it still commits to Kafka
 * afterwards so lag tools keep working); with a transactional producer the batch's output and offsets commit in one
 * Kafka transaction (exactly-once Kafka to Kafka); otherwise offsets are committed to Kafka after each write
 * (at-least-once).
 *
 * <p><b>Failures.</b> A record the decoder rejects goes to {@code <topic>.dlq}; one it {@linkplain Decoding.Skip
 * skips} is only counted. A write the {@link FailureClassifier} calls {@link FailureKind#DATA data} is split in halves
 * until the bad records are alone; each goes to the dead-letter topic and the rest is stored. Anything else is an
 * outage (a failed dead-letter publish included): every partition is paused, the loop keeps polling (so it stays in
 * the group) and retries the batch in hand with exponential backoff; health reports {@link ConsumerStatus#DEGRADED}
 * meanwhile and clears the error on recovery. Outages never reach the dead-letter topic. A broker out of reach is
 * no error to the consumer (its polls return nothing); a {@link KafkaReachability} probe (every second, the same
 * one request events' {@code kafka_status} uses) tells it, as {@link ConsumerState#brokerReachable()}, which
 * {@link io.sluice.core.health.Health#of} weighs as degraded.
 *
 * <p><b>Pipeline.</b> A batch is written on the loop's writer thread ({@link BatchWriter}) while the loop polls and
 * decodes the next one, so the store and the JVM work at the same time. At most one batch is in flight: the next
 * write starts only after the previous one succeeded and its offsets moved, so batches are stored in order. If a
 * write fails, its batch is put back in front of the records polled since, and retried as one. A revoke, a lost
 * partition, a new assignment (reading stored offsets) and shutdown all wait for the batch in flight first.
 *
 * <p><b>Threads.</b> One consumer per loop, on its own thread, and one writer thread that runs the sink (and the
 * dead-letter publishing) one batch at a time. {@link #state()} and {@link #close()} may be called from any
 * thread; close stops polling, stores the batch in hand, leaves the group and returns within
 * {@link ConsumerLoopConfig#shutdownTimeout()}. Time (linger, max wait, backoff, health) comes from the clock given
 * at construction.
 */
public final class ConsumerLoop<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final ConsumerLoopConfig config;
    private final Consumer<byte[], byte[]> consumer;
    private final DeadLetterPublisher deadLetters;
    private final OffsetCommitter committer;
    private final BatchWriter<T> writer;
    private final LoopHealth health;
    /** Asks the broker for its nodes every second: a consumer alone does not notice a broker it cannot reach. */
    private final KafkaReachability broker;

    private final PollCycle<T> cycle;
    private final AutoCloseable clientMetrics;
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * A loop with its own Kafka consumer and dead-letter producer, committing offsets as the sink implies
     * ({@link OffsetCommitter#forSink}).
     *
     * @param classifier decides which write failures are bad data; see {@link FailureClassifier}
     */
    public static <T> ConsumerLoop<T> create(
            ConsumerLoopConfig config,
            Decoder<T> decoder,
            Sink<T> sink,
            FailureClassifier classifier,
            MeterRegistry registry) {
        return create(config, decoder, sink, classifier, OffsetCommitter.forSink(sink), registry);
    }

    /**
     * As {@link #create(ConsumerLoopConfig, Decoder, Sink, FailureClassifier, MeterRegistry)}, with every dead letter
     * also handed to {@code mirror} once its dead-letter topic acknowledged it ({@link DeadLetterPublisher#mirrorTo}).
     */
    public static <T> ConsumerLoop<T> create(
            ConsumerLoopConfig config,
            Decoder<T> decoder,
            Sink<T> sink,
            FailureClassifier classifier,
            MeterRegistry registry,
            BiConsumer<ConsumerRecord<byte[], byte[]>, Throwable> mirror) {
        return create(config, decoder, sink, classifier, OffsetCommitter.forSink(sink), registry, mirror);
    }

    /** A loop with its own Kafka consumer and dead-letter producer, committing offsets through {@code committer}. */
    public static <T> ConsumerLoop<T> create(
            ConsumerLoopConfig config,
            Decoder<T> decoder,
            Sink<T> sink,
            FailureClassifier classifier,
            OffsetCommitter committer,
            MeterRegistry registry) {
        return create(config, decoder, sink, classifier, committer, registry, (record, reason) -> {});
    }

    private static <T> ConsumerLoop<T> create(
            ConsumerLoopConfig config,
            Decoder<T> decoder,
            Sink<T> sink,
            FailureClassifier classifier,
            OffsetCommitter committer,
            MeterRegistry registry,
            BiConsumer<ConsumerRecord<byte[], byte[]>, Throwable> mirror) {
        // Security, then pass-through properties: the keys below carry the delivery guarantee and cannot be overridden.
        Map<String, Object> props = config.security().applyTo(new HashMap<>());
        props.putAll(config.kafkaProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.service());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group reads the topic from the start: records produced before the first deployment count too.
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BatchPolicy.pollRecords(config.maxRecords()));
        Consumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        DeadLetterPublisher deadLetters = DeadLetterPublisher.create(
                        config.bootstrapServers(),
                        config.service(),
                        config.deadLetter(),
                        config.security().properties())
                .mirrorTo(mirror);
        KafkaReachability broker = KafkaReachability.create(
                config.bootstrapServers(),
                config.service() + "-probe",
                PROBE_INTERVAL,
                PROBE_TIMEOUT,
                config.security(),
                config.kafkaProperties(),
                Map.of());
        return new ConsumerLoop<>(
                config,
                consumer,
                deadLetters,
                decoder,
                sink,
                classifier,
                committer,
                registry,
                InstantSource.system(),
                broker);
    }

    /**
     * A loop over the given clients, which it owns and closes (the producer behind a transactional committer stays
     * the caller's); for tests with Kafka's mock clients and a fake clock.
     */
    public ConsumerLoop(
            ConsumerLoopConfig config,
            Consumer<byte[], byte[]> consumer,
            DeadLetterPublisher deadLetters,
            Decoder<T> decoder,
            Sink<T> sink,
            FailureClassifier classifier,
            OffsetCommitter committer,
            MeterRegistry registry,
            InstantSource clock) {
        this(config, consumer, deadLetters, decoder, sink, classifier, committer, registry, clock, null);
    }

    private ConsumerLoop(
            ConsumerLoopConfig config,
            Consumer<byte[], byte[]> consumer,
            DeadLetterPublisher deadLetters,
            Decoder<T> decoder,
            Sink<T> sink,
            FailureClassifier classifier,
            OffsetCommitter committer,
            MeterRegistry registry,
            InstantSource clock,
            KafkaReachability broker) {
        this.config = config;
        this.broker = broker;
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.committer = committer;
        ConsumerMetrics metrics = new ConsumerMetrics(registry, config.service(), clock);
        this.writer = new BatchWriter<>(config.service(), sink, deadLetters, classifier, committer, metrics);
        this.health = new LoopHealth(metrics, clock);
        this.cycle = new PollCycle<>(config, consumer, decoder, sink, committer, writer, health, clock);
        this.clientMetrics = consumer instanceof KafkaConsumer<?, ?> kc ? bind(kc, registry) : () -> {};
        this.thread = new Thread(this::run, "sluice-consumer-" + config.service());
    }

    private static AutoCloseable bind(KafkaConsumer<?, ?> consumer, MeterRegistry registry) {
        KafkaClientMetrics m = new KafkaClientMetrics(consumer);
        m.bindTo(registry);
        return m;
    }

    public ConsumerLoop<T> start() {
        if (broker != null) {
            broker.probe(); // once now, so that the first health check already reports the broker as it is
            broker.start(); // before the loop's thread, which closes the probe when it ends
        }
        thread.start();
        return this;
    }

    /**
     * Completes once the loop stored its first batch, or caught up with nothing to store: what a service may
     * wait for before starting what its first batch does not need. Never completes when neither happens (Kafka or the
     * store down, no partitions assigned): wait for it with a timeout.
     */
    public CompletableFuture<Void> settled() {
        return cycle.settled().copy();
    }

    /** A snapshot; {@link ConsumerState#brokerReachable()} from the loop's probe (always true over injected clients). */
    public ConsumerState state() {
        return health.snapshot(
                !thread.isAlive() && thread.getState() != Thread.State.NEW, broker == null || broker.isUp());
    }

    /** Stops polling, stores the batch in hand, leaves the group. Waits at most the configured shutdown timeout. */
    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
        if (thread.getState() == Thread.State.NEW) {
            closeClients();
            health.stopped();
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
            committer.start();
            config.subscription().subscribe(consumer, cycle.rebalanceListener());
            log.info("{}: consuming {} as group {}", config.service(), config.subscription(), config.groupId());
            while (!stopping) {
                try {
                    cycle.step();
                } catch (WakeupException e) {
                    // close() was called; the loop condition ends it.
                }
            }
            cycle.drain();
            health.stopped();
        } catch (RuntimeException | Error e) {
            health.failed(e);
            log.error("{}: consumer loop ended on an unexpected error", config.service(), e);
        } finally {
            closeClients();
        }
    }

    private void closeClients() {
        writer.close();
        if (broker != null) {
            broker.close();
        }
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
                health.written(),
                health.deadLettered());
    }
}
