package io.sluice.bench.inventory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Pre-produces a {@link InventoryWorkload} to its two topics as fast as the broker takes it, keyed as Debezium keys
 * (the JSON key, so the default partitioner spreads ids as Kafka Connect would), and waits for every
 * acknowledgement.
 */
final class EventLoad {
    private EventLoad() {}

    /**
     * Produces every event and returns the elapsed nanoseconds.
     *
     * @throws IllegalStateException if any send failed
     */
    static long produce(Producer<byte[], byte[]> producer, CdcTopics topics, InventoryWorkload workload) {
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        workload.generate((products, key, value) -> {
            String topic = products ? topics.products() : topics.orderItems();
            sent.incrementAndGet();
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e);
                }
            });
        });
        producer.flush();
        long elapsed = System.nanoTime() - start;
        if (failed.get() > 0) {
            throw new IllegalStateException(
                    failed.get() + " of " + sent.get() + " sends to " + topics.both() + " failed", firstFailure.get());
        }
        return elapsed;
    }
}
