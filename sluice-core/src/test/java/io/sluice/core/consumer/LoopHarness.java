package io.sluice.core.consumer;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A {@link ConsumerLoop} on Kafka's {@link MockConsumer} and a {@link SizeLimitedProducer} (for the dead-letter topic), with
 * a fake clock that only the test moves. The loop runs on its own threads as in production; tests drive the clock,
 * schedule rebalances inside {@code poll} (where Kafka runs the listener) and wait with Awaitility.
 */
final class LoopHarness<T> implements AutoCloseable {
    static final String TOPIC = "events";
    static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    /** A clock that moves only when told to. */
    static final class FakeClock implements InstantSource {
        private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }
    }

    /**
     * The mock consumer, with what tests need to see: every {@code commitSync}, every seek and whether it ran inside
     * the rebalance listener, the listener itself (to report lost partitions), and a poll count. Its poll parks
     * briefly, as a broker fetch would, so that the loop does not spin a core.
     */
    static final class TestConsumer extends MockConsumer<byte[], byte[]> {
        final List<Map<TopicPartition, Long>> commits = new CopyOnWriteArrayList<>();
        final List<String> seeks = new CopyOnWriteArrayList<>();
        final AtomicInteger polls = new AtomicInteger();
        volatile ConsumerRebalanceListener listener;
        private volatile boolean inListener;

        TestConsumer() {
            super("earliest");
        }

        @Override
        public void subscribe(Collection<String> topics, ConsumerRebalanceListener l) {
            listener = l;
            super.subscribe(topics, tracked(l));
        }

        @Override
        public synchronized void subscribe(Pattern pattern, ConsumerRebalanceListener l) {
            listener = l;
            super.subscribe(pattern, tracked(l));
        }

        private ConsumerRebalanceListener tracked(ConsumerRebalanceListener l) {
            return new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    inside(() -> l.onPartitionsRevoked(partitions));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    inside(() -> l.onPartitionsAssigned(partitions));
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    inside(() -> l.onPartitionsLost(partitions));
                }
            };
        }

        private void inside(Runnable r) {
            inListener = true;
            try {
                r.run();
            } finally {
                inListener = false;
            }
        }

        @Override
        public synchronized void seek(TopicPartition partition, long offset) {
            seeks.add(partition + "@" + offset + (inListener ? " in listener" : " outside listener"));
            super.seek(partition, offset);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            Map<TopicPartition, Long> plain = new HashMap<>();
            offsets.forEach((tp, o) -> plain.put(tp, o.offset()));
            commits.add(plain);
            super.commitSync(offsets);
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            LockSupport.parkNanos(Math.min(timeout.toNanos(), 1_000_000));
            polls.incrementAndGet();
            return super.poll(timeout);
        }
    }

    final FakeClock clock = new FakeClock();
    final TestConsumer consumer = new TestConsumer();
    final SizeLimitedProducer dlqProducer = new SizeLimitedProducer();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ConsumerLoop<T> loop;
    private final Map<TopicPartition, AtomicLong> nextOffset = new HashMap<>();

    LoopHarness(Decoder<T> decoder, Sink<T> sink) {
        this(decoder, sink, OffsetCommitter.forSink(sink), c -> c);
    }

    LoopHarness(
            Decoder<T> decoder, Sink<T> sink, OffsetCommitter committer, UnaryOperator<ConsumerLoopConfig> configure) {
        ConsumerLoopConfig config =
                configure.apply(ConsumerLoopConfig.defaults("loop-test", "unused:9092", "group", TOPIC)
                        .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        loop = new ConsumerLoop<>(
                config,
                consumer,
                new DeadLetterPublisher(dlqProducer, "loop-test"),
                decoder,
                sink,
                FailureClassifier.DEFAULT,
                committer,
                registry,
                clock);
    }

    static Decoder<String> strings() {
        return r -> new String(r.value(), StandardCharsets.UTF_8);
    }

    LoopHarness<T> start(TopicPartition... partitions) {
        Map<TopicPartition, Long> beginning = new HashMap<>();
        for (TopicPartition tp : partitions) {
            beginning.put(tp, 0L);
        }
        consumer.updateBeginningOffsets(beginning);
        loop.start();
        assign(partitions);
        return this;
    }

    /** Moves the assignment to exactly these partitions, inside a poll on the loop's thread, and waits for it. */
    void assign(TopicPartition... partitions) {
        Set<TopicPartition> target = Set.of(partitions);
        consumer.schedulePollTask(() -> consumer.rebalance(target));
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.assignment().equals(target));
    }

    /** Runs {@code task} inside the next poll, on the loop's thread. */
    void inPoll(Runnable task) {
        consumer.schedulePollTask(task);
    }

    /** Appends records with these values (null for a tombstone) to the partition; returns their first offset. */
    long produce(TopicPartition tp, String... values) {
        AtomicLong next = nextOffset.computeIfAbsent(tp, k -> new AtomicLong());
        long first = next.get();
        synchronized (consumer) { // MockConsumer locks itself: one poll sees all of these records or none
            for (String v : values) {
                byte[] bytes = v == null ? null : v.getBytes(StandardCharsets.UTF_8);
                consumer.addRecord(
                        new ConsumerRecord<>(tp.topic(), tp.partition(), next.getAndIncrement(), null, bytes));
            }
        }
        return first;
    }

    /** Waits until the loop has polled a few more times (for asserting that something did not happen). */
    void awaitPolls(int n) {
        int target = consumer.polls.get() + n;
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.polls.get() >= target);
    }

    Long committed(TopicPartition tp) {
        OffsetAndMetadata o = consumer.committed(Set.of(tp)).get(tp);
        return o == null ? null : o.offset();
    }

    List<String> deadLettered() {
        List<String> out = new ArrayList<>();
        dlqProducer.history().forEach(r -> out.add(new String(r.value(), StandardCharsets.UTF_8)));
        return out;
    }

    double counter(String name) {
        Counter c = registry.find(name).tag("topic", TOPIC).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        loop.close();
    }
}
