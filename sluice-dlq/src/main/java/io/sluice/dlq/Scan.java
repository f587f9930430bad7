package io.sluice.dlq;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/** Reading assigned partitions up to given end offsets: the one poll loop of this module. */
final class Scan {
    private static final Duration POLL = Duration.ofMillis(200);

    private Scan() {}

    /**
     * Polls {@code consumer} (already assigned and positioned) and hands every record below its partition's end
     * offset to {@code sink}, until every partition's position reaches its end or {@code sink} says stop.
     *
     * @param sink takes a record; returns whether to go on
     * @throws TimeoutException when {@code idle} passes without progress
     */
    static void readTo(
            org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
            Map<TopicPartition, Long> end,
            Duration idle,
            RecordSink sink)
            throws TimeoutException {
        Map<TopicPartition, Long> remaining = new HashMap<>();
        end.forEach((tp, e) -> {
            if (consumer.position(tp, idle) < e) {
                remaining.put(tp, e);
            }
        });
        consumer.pause(consumer.assignment());
        consumer.resume(remaining.keySet());
        long deadline = System.nanoTime() + idle.toNanos();
        while (!remaining.isEmpty()) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            for (ConsumerRecord<byte[], byte[]> r : records) {
                Long e = remaining.get(new TopicPartition(r.topic(), r.partition()));
                if (e != null && r.offset() < e && !sink.accept(r)) {
                    return;
                }
            }
            boolean progress = !records.isEmpty();
            for (var it = remaining.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                if (consumer.position(entry.getKey(), idle) >= entry.getValue()) {
                    consumer.pause(List.of(entry.getKey()));
                    it.remove();
                    progress = true;
                }
            }
            if (progress) {
                deadline = System.nanoTime() + idle.toNanos();
            } else if (System.nanoTime() > deadline) {
                throw new TimeoutException("no records from " + remaining.keySet() + " within " + idle.toSeconds()
                        + "s while reading up to their end offsets");
            }
        }
    }

    /** Takes one record; returns whether the scan goes on. */
    @FunctionalInterface
    interface RecordSink {
        boolean accept(ConsumerRecord<byte[], byte[]> record);

        static RecordSink all(Consumer<ConsumerRecord<byte[], byte[]>> c) {
            return r -> {
                c.accept(r);
                return true;
            };
        }
    }
}
