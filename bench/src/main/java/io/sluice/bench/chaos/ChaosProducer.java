package io.sluice.bench.chaos;

import io.sluice.bench.Workload;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces a fault run's records at a fixed rate on its own thread and remembers what the broker acknowledged: the
 * index of every valid record, and the partition and offset of every invalid one (what the dead-letter headers must
 * name). Acknowledgements arrive on the producer's I/O thread; read the results after {@link #join()}.
 */
final class ChaosProducer {
    /** Where an invalid record landed. */
    record Position(int partition, long offset) {}

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Workload workload;
    private final long count;
    private final double rate;
    private final BitSet ackedValid = new BitSet();
    private final Set<Position> ackedInvalid = new HashSet<>();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private volatile Exception firstFailure;

    ChaosProducer(Producer<byte[], byte[]> producer, String topic, Workload workload, long count, double rate) {
        this.producer = producer;
        this.topic = topic;
        this.workload = workload;
        this.count = count;
        this.rate = rate;
        this.thread = Thread.ofPlatform().name("sluice-chaos-producer").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    boolean isDone() {
        return !thread.isAlive();
    }

    void join() throws InterruptedException {
        thread.join();
    }

    private void run() {
        long start = System.nanoTime();
        double nanosPerRecord = TimeUnit.SECONDS.toNanos(1) / rate;
        for (long i = 0; i < count; i++) {
            long wait;
            while ((wait = start + (long) (i * nanosPerRecord) - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long index = i;
            boolean invalid = workload.isInvalid(i);
            producer.send(new ProducerRecord<>(topic, workload.value(i)), (metadata, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                    firstFailure = e;
                    return;
                }
                synchronized (this) {
                    if (invalid) {
                        ackedInvalid.add(new Position(metadata.partition(), metadata.offset()));
                    } else {
                        ackedValid.set(Math.toIntExact(index));
                    }
                }
            });
        }
        producer.flush();
    }

    synchronized BitSet ackedValid() {
        return (BitSet) ackedValid.clone();
    }

    synchronized Set<Position> ackedInvalid() {
        return Set.copyOf(ackedInvalid);
    }

    long failed() {
        return failed.get();
    }

    Exception firstFailure() {
        return firstFailure;
    }
}
