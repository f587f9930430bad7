package io.sluice.cdcsource;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Debezium embedded engine on the source database, publishing through a {@link ChangePublisher}, on a thread of
 * its own. {@link #start()} returns at once; the engine connects, creates its slot and publication, snapshots
 * ({@code snapshot.mode=initial}: once, on the first start) and streams.
 *
 * <p>When the engine stops on an error (the database restarts, the slot is busy, a network cut), a new engine is
 * started from the stored offsets after a backoff (1 s doubling to 30 s; {@link CaptureStatus#RESTARTING}), for as
 * long as the service runs. {@link #close()} stops the engine (which stores the offsets of what Kafka acknowledged),
 * then the producer. Thread-safe.
 */
final class ChangeCapture implements AutoCloseable {
    static final String RESTARTS_METRIC = "sluice.cdc.engine.restarts";

    private static final Logger log = LoggerFactory.getLogger(ChangeCapture.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A run this long was healthy: the next failure starts the backoff again from the minimum. */
    private static final Duration HEALTHY_RUN = Duration.ofMinutes(1);

    private final CdcSourceConfig config;
    private final CaptureState state = new CaptureState(Clock.systemUTC());
    private final Producer<String, String> producer;
    private final ChangePublisher publisher;
    private final Counter restarts;
    private final ExecutorService thread;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Object lock = new Object();
    private DebeziumEngine<ChangeEvent<String, String>> engine; // guarded by lock
    private volatile boolean stopping;

    ChangeCapture(CdcSourceConfig config, MeterRegistry registry) {
        this.config = config;
        this.producer = new KafkaProducer<>(producerConfig(config), new StringSerializer(), new StringSerializer());
        this.publisher = new ChangePublisher(producer, state, () -> stopping, registry);
        this.restarts = Counter.builder(RESTARTS_METRIC)
                .description("Debezium engines started again after one stopped on an error")
                .tag("service", CdcSourceConfig.NAME)
                .register(registry);
        this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "cdc-source-engine"));
    }

    ChangeCapture start() {
        try {
            Files.createDirectories(config.offsetsFile().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + config.offsetsFile(), e);
        }
        thread.execute(this::superviseEngines);
        return this;
    }

    CdcSourceConfig config() {
        return config;
    }

    CaptureState state() {
        return state;
    }

    /** Runs an engine until it stops; on an error, another after a backoff, until {@link #close()}. */
    private void superviseEngines() {
        Duration backoff = MIN_BACKOFF;
        try {
            while (true) {
                AtomicReference<String> failure = new AtomicReference<>();
                DebeziumEngine<ChangeEvent<String, String>> current = newEngine(failure);
                synchronized (lock) {
                    if (stopping) {
                        return;
                    }
                    engine = current;
                }
                long began = System.nanoTime();
                current.run();
                if (stopping) {
                    return;
                }
                if (Duration.ofNanos(System.nanoTime() - began).compareTo(HEALTHY_RUN) > 0) {
                    backoff = MIN_BACKOFF;
                }
                String why = failure.get() != null ? failure.get() : "the engine stopped without an error";
                state.restarting(why);
                restarts.increment();
                log.warn(
                        "cdc-source: the Debezium engine stopped ({}); starting it again in {} s",
                        why,
                        backoff.toSeconds());
                if (stop.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            state.failed("the engine supervisor failed: " + e);
            log.error("cdc-source: the engine supervisor failed; restart the service", e);
        } finally {
            state.stopped();
        }
    }

    private DebeziumEngine<ChangeEvent<String, String>> newEngine(AtomicReference<String> failure) {
        return DebeziumEngine.create(Json.class)
                .using(EngineProperties.of(config))
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        log.info(
                                "cdc-source: capturing {} from {}",
                                config.tables(),
                                config.database().jdbcUrl());
                        state.running();
                    }
                })
                .using((success, message, error) -> {
                    if (!success && !stopping) {
                        failure.set(error == null ? message : message + ": " + error);
                        log.error("cdc-source: the Debezium engine stopped: {}", message, error);
                    }
                })
                .notifying(publisher)
                .build();
    }

    @Override
    public void close() {
        DebeziumEngine<ChangeEvent<String, String>> current;
        synchronized (lock) {
            stopping = true;
            current = engine;
        }
        stop.countDown();
        try {
            if (current != null) {
                current.close();
            }
            thread.shutdown();
            if (!thread.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn(
                        "cdc-source: the engine did not stop within {}; its last batch is published again",
                        STOP_TIMEOUT);
                thread.shutdownNow();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("cdc-source: stopping the engine failed: {}", e.toString());
            thread.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(Duration.ofSeconds(5));
            state.stopped();
        }
    }

    private static Map<String, Object> producerConfig(CdcSourceConfig c) {
        Map<String, Object> props = c.kafkaSecurity().clientProperties(c.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "cdc-source-" + c.slotName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return props;
    }
}
