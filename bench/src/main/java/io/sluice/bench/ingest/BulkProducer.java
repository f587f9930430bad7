package io.sluice.bench.ingest;

import io.sluice.bench.Workload;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Pre-produces a workload as fast as the broker takes it, and waits for every acknowledgement. */
final class BulkProducer {
    private BulkProducer() {}

    /**
     * Sends messages {@code 0..count-1} with null keys and returns the elapsed nanoseconds.
     *
     * @throws IllegalStateException if any send failed
     */
    static long produce(Producer<byte[], byte[]> producer, String topic, Workload workload, long count) {
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, workload.value(i)), (metadata, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e);
                }
            });
        }
        producer.flush();
        long elapsed = System.nanoTime() - start;
        if (failed.get() > 0) {
            throw new IllegalStateException(
                    failed.get() + " of " + count + " sends to " + topic + " failed", firstFailure.get());
        }
        return elapsed;
    }
}
