package io.sluice.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letters' states, as the compacted state topic holds them: created if missing, read to its end before each
 * answer ({@link #load()}), so that what another process (the CLI, another console) recorded is seen. Reads
 * incrementally: each load reads only what was added since the last. Not thread-safe: {@link DeadLetters} serialises
 * its calls.
 */
final class StateStore {
    private static final Logger log = LoggerFactory.getLogger(StateStore.class);

    private final String topic;
    private final Admin admin;
    private final Consumer<byte[], byte[]> consumer;
    private final Duration timeout;
    private final Map<String, DeadLetterState> states = new HashMap<>();
    private List<TopicPartition> partitions;

    StateStore(String topic, Admin admin, Consumer<byte[], byte[]> consumer, Duration timeout) {
        this.topic = topic;
        this.admin = admin;
        this.consumer = consumer;
        this.timeout = timeout;
    }

    /** Every recorded state by dead-letter ID, after reading the state topic to its end. */
    Map<String, DeadLetterState> load() throws ExecutionException, InterruptedException, TimeoutException {
        if (partitions == null) {
            partitions = createAndAssign();
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Scan.readTo(consumer, end, timeout, Scan.RecordSink.all(this::apply));
        return Map.copyOf(states);
    }

    /** Takes a state this process has just written (and the broker acknowledged) without waiting to read it back. */
    void put(DeadLetterId id, DeadLetterState state) {
        states.put(id.toString(), state);
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        String id = new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
            states.remove(id);
            return;
        }
        try {
            states.put(id, StateCodec.decode(r.value()));
        } catch (IllegalArgumentException e) {
            log.warn("dlq: skipping {} at {}-{}@{}: {}", id, r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    private List<TopicPartition> createAndAssign() throws ExecutionException, InterruptedException, TimeoutException {
        NewTopic state = new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(state)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("dlq: created the state topic {} (cleanup.policy=compact)", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<PartitionInfo> info = consumer.partitionsFor(topic, timeout);
        while (info == null || info.isEmpty()) { // a new topic's metadata may take a moment to reach the broker
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the state topic " + topic + " has no partitions yet");
            }
            Thread.sleep(50);
            info = consumer.partitionsFor(topic, timeout);
        }
        List<TopicPartition> tps =
                info.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        return tps;
    }
}
