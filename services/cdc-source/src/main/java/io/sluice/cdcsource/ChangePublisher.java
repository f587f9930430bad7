package io.sluice.cdcsource;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each batch the engine hands over to Kafka, the topic being the event's destination ({@code
 * dbserver1.public.products}), the key the row's key, a null value a tombstone.
 *
 * <p><b>Delivery: at least once.</b> A batch is marked processed only after every record of it is acknowledged by
 * Kafka ({@code acks=all}, idempotent producer); only then may the engine store its offsets and confirm the LSN to
 * the slot. When Kafka refuses, the whole batch is sent again with backoff (so some of it may appear twice) until it
 * is accepted or the capture stops; a stop before then leaves the batch unacknowledged, and the next start reads it
 * again. Called on the engine's thread only.
 */
final class ChangePublisher implements DebeziumEngine.ChangeConsumer<ChangeEvent<String, String>> {
    static final String EVENTS_METRIC = "sluice.cdc.events";
    static final String RETRIES_METRIC = "sluice.cdc.publish.retries";

    private static final Logger log = LoggerFactory.getLogger(ChangePublisher.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final Producer<String, String> producer;
    private final CaptureState state;
    private final BooleanSupplier stopping;
    private final MeterRegistry registry;
    private final Counter retries;
    private final Map<String, Counter> eventsByTopic = new HashMap<>();

    ChangePublisher(
            Producer<String, String> producer, CaptureState state, BooleanSupplier stopping, MeterRegistry registry) {
        this.producer = producer;
        this.state = state;
        this.stopping = stopping;
        this.registry = registry;
        this.retries = Counter.builder(RETRIES_METRIC)
                .description("Batches sent to Kafka again after a failure")
                .tag("service", CdcSourceConfig.NAME)
                .register(registry);
    }

    @Override
    public void handleBatch(
            List<ChangeEvent<String, String>> records,
            DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> committer)
            throws InterruptedException {
        Duration backoff = MIN_BACKOFF;
        while (true) {
            try {
                send(records);
                break;
            } catch (ExecutionException | RuntimeException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (stopping.getAsBoolean()) {
                    throw new InterruptedException("stopping with a batch of " + records.size()
                            + " events unacknowledged by Kafka; the next start publishes it again");
                }
                retries.increment();
                state.retrying("publishing " + records.size() + " events failed: " + cause);
                log.warn(
                        "cdc-source: publishing {} events to Kafka failed ({}); sending the batch again in {} ms",
                        records.size(),
                        cause.toString(),
                        backoff.toMillis());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        for (ChangeEvent<String, String> r : records) {
            committer.markProcessed(r);
            events(r.destination()).increment();
        }
        committer.markBatchFinished();
        state.published(records.size());
    }

    private void send(List<ChangeEvent<String, String>> records) throws ExecutionException, InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        for (ChangeEvent<String, String> r : records) {
            sends.add(producer.send(new ProducerRecord<>(r.destination(), r.key(), r.value())));
        }
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            send.get();
        }
    }

    private Counter events(String topic) {
        return eventsByTopic.computeIfAbsent(topic, t -> Counter.builder(EVENTS_METRIC)
                .description("Change events published to Kafka (tombstones included)")
                .tags("service", CdcSourceConfig.NAME, "topic", t)
                .register(registry));
    }
}
