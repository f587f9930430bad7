package io.sluice.bench.ingest;

import io.sluice.bench.Workload;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends a workload at a fixed rate on its own thread: message {@code i} is due {@code i / rate} seconds after the
 * start, and the record's timestamp is the moment it is handed to the producer. When the thread falls behind it sends
 * at once, so {@link #achievedRate()} tells whether the target was held.
 */
final class PacedProducer {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Workload workload;
    private final long count;
    private final double ratePerSecond;
    private final long warmupCount;
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private volatile long measureFromMillis = Long.MAX_VALUE;
    private volatile long elapsedNanos;

    /** @param warmupCount the first messages, whose latency is not measured */
    PacedProducer(
            Producer<byte[], byte[]> producer,
            String topic,
            Workload workload,
            long count,
            double ratePerSecond,
            long warmupCount) {
        this.producer = producer;
        this.topic = topic;
        this.workload = workload;
        this.count = count;
        this.ratePerSecond = ratePerSecond;
        this.warmupCount = warmupCount;
        this.thread = Thread.ofPlatform().name("sluice-bench-paced-producer").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void join() throws InterruptedException {
        thread.join();
    }

    /** Records with a timestamp from this moment on are the measured ones; {@code Long.MAX_VALUE} before. */
    long measureFromMillis() {
        return measureFromMillis;
    }

    long failed() {
        return failed.get();
    }

    /** Messages per second actually sent over the whole run (valid after {@link #join()}). */
    double achievedRate() {
        return count / (elapsedNanos / 1e9);
    }

    private void run() {
        long start = System.nanoTime();
        double nanosPerMessage = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        long lastTimestamp = 0;
        for (long i = 0; i < count; i++) {
            long due = start + (long) (i * nanosPerMessage);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            // Explicit timestamps, so that the first measured message is a millisecond after the last warm-up one:
            // a sender catching up sends several in one millisecond, and the boundary must not admit a warm-up one.
            long timestamp = Math.max(System.currentTimeMillis(), lastTimestamp);
            if (i == warmupCount) {
                timestamp = Math.max(timestamp, lastTimestamp + 1);
                measureFromMillis = timestamp;
            }
            lastTimestamp = timestamp;
            producer.send(new ProducerRecord<>(topic, null, timestamp, null, workload.value(i)), (metadata, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                }
            });
        }
        producer.flush();
        elapsedNanos = System.nanoTime() - start;
    }
}
