package io.sluice.cdcsource;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Debezium embedded engine on the source database, publishing through a {@link ChangePublisher}, on a thread of
 * its own. {@link #start()} returns at once; the engine connects, creates its slot and publication, snapshots
 * ({@code snapshot.mode=initial}: once, on the first start) and streams. {@link #close()} stops the engine (which
 * stores the offsets of what Kafka acknowledged), then the producer. Thread-safe.
 */
final class ChangeCapture implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeCapture.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final CdcSourceConfig config;
    private final CaptureState state = new CaptureState(Clock.systemUTC());
    private final Producer<String, String> producer;
    private final DebeziumEngine<ChangeEvent<String, String>> engine;
    private final ExecutorService thread;
    private volatile boolean stopping;

    ChangeCapture(CdcSourceConfig config, MeterRegistry registry) {
        this.config = config;
        this.producer = new KafkaProducer<>(producerConfig(config), new StringSerializer(), new StringSerializer());
        this.engine = DebeziumEngine.create(Json.class)
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
                    if (success || stopping) {
                        state.stopped();
                    } else {
                        String why = error == null ? message : message + ": " + error;
                        state.failed(why);
                        log.error("cdc-source: the Debezium engine stopped: {}", message, error);
                    }
                })
                .notifying(new ChangePublisher(producer, state, () -> stopping, registry))
                .build();
        this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "cdc-source-engine"));
    }

    ChangeCapture start() {
        try {
            Files.createDirectories(config.offsetsFile().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + config.offsetsFile(), e);
        }
        thread.execute(engine);
        return this;
    }

    CdcSourceConfig config() {
        return config;
    }

    CaptureState state() {
        return state;
    }

    @Override
    public void close() {
        stopping = true;
        try {
            engine.close();
            thread.shutdown();
            if (!thread.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn(
                        "cdc-source: the engine did not stop within {}; its last batch is published again",
                        STOP_TIMEOUT);
                thread.shutdownNow();
            }
        } catch (IOException e) {
            log.warn("cdc-source: stopping the engine failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(Duration.ofSeconds(5));
            state.stopped();
        }
    }

    private static Map<String, Object> producerConfig(CdcSourceConfig c) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                c.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG,
                "cdc-source-" + c.slotName(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000);
    }
}
