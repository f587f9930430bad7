package io.sluice.console;

import io.sluice.http.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the console reads from Kafka through one {@link Admin} client: topics with their offsets, consumer groups
 * with their committed offsets and lag, and the age of the oldest unconsumed record (read with a short-lived
 * consumer that assigns and seeks, in no group, so it never joins or commits). Every call waits at most
 * {@code timeout}; a broker out of reach is a {@link StoreUnavailableException} ("Kafka unavailable", 503).
 * Thread-safe.
 */
final class KafkaView implements AutoCloseable {
    /** An unknown topic (404). */
    static final class UnknownTopicException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownTopicException(String topic) {
            super(topic);
        }
    }

    /** A topic's partitions and their first and next offsets. */
    record TopicOffsets(String name, boolean internal, Map<Integer, long[]> partitions) {
        long messages() {
            return partitions.values().stream().mapToLong(o -> o[1] - o[0]).sum();
        }
    }

    /** A consumer group, its state and members, and what it committed. */
    record Group(String group, String state, int members, Map<TopicPartition, Long> committed) {}

    private final Map<String, Object> clientProperties;
    private final Admin admin;
    private final Duration timeout;

    KafkaView(Map<String, Object> clientProperties, Duration timeout) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.timeout = timeout;
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-console-admin");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.admin = Admin.create(props);
    }

    /** Every topic (internal ones included), with its offsets. */
    List<TopicOffsets> topics() {
        Set<String> names =
                await(admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                        .names());
        return describe(names);
    }

    /** One topic's offsets. */
    TopicOffsets topic(String name) {
        List<TopicOffsets> found = describe(Set.of(name));
        return found.get(0);
    }

    private List<TopicOffsets> describe(Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> descriptions =
                await(admin.describeTopics(names).allTopicNames());
        List<TopicPartition> tps = new ArrayList<>();
        descriptions.values().forEach(d -> d.partitions()
                .forEach(p -> tps.add(new TopicPartition(d.name(), p.partition()))));
        Map<TopicPartition, Long> start = offsets(tps, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = offsets(tps, OffsetSpec.latest());
        List<TopicOffsets> out = new ArrayList<>();
        for (TopicDescription d : new TreeMap<>(descriptions).values()) {
            Map<Integer, long[]> parts = new TreeMap<>();
            d.partitions().forEach(p -> {
                TopicPartition tp = new TopicPartition(d.name(), p.partition());
                parts.put(p.partition(), new long[] {start.getOrDefault(tp, 0L), end.getOrDefault(tp, 0L)});
            });
            out.add(new TopicOffsets(d.name(), d.isInternal(), parts));
        }
        return out;
    }

    /** The end offsets of these partitions. */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> tps) {
        return offsets(tps, OffsetSpec.latest());
    }

    Map<TopicPartition, Long> offsets(Collection<TopicPartition> tps, OffsetSpec spec) {
        if (tps.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        tps.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> result =
                await(admin.listOffsets(request).all());
        Map<TopicPartition, Long> out = new HashMap<>();
        result.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** Every consumer group with its state, members and committed offsets. */
    List<Group> groups() {
        Collection<GroupListing> listings =
                await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all());
        List<String> ids = listings.stream().map(GroupListing::groupId).sorted().toList();
        return groups(ids);
    }

    /** These consumer groups (absent ones are returned empty, as Kafka describes them: state DEAD, no offsets). */
    List<Group> groups(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, ConsumerGroupDescription> described =
                await(admin.describeConsumerGroups(ids).all());
        Map<String, org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        ids.forEach(id -> specs.put(id, new org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
                await(admin.listConsumerGroupOffsets(specs).all());
        List<Group> out = new ArrayList<>();
        for (String id : ids) {
            ConsumerGroupDescription d = described.get(id);
            Map<TopicPartition, Long> offsets = new TreeMap<>(
                    java.util.Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition));
            committed.getOrDefault(id, Map.of()).forEach((tp, om) -> {
                if (om != null) {
                    offsets.put(tp, om.offset());
                }
            });
            out.add(new Group(
                    id,
                    d == null ? "UNKNOWN" : d.groupState().toString(),
                    d == null ? 0 : d.members().size(),
                    offsets));
        }
        return out;
    }

    /**
     * The timestamp (epoch ms) of the first record at or after each of these offsets, read by one consumer in no
     * group, for at most two seconds in all; a partition whose record did not arrive (only a transaction marker left,
     * a slow broker) is left out.
     */
    Map<TopicPartition, Long> timestamps(Map<TopicPartition, Long> at) {
        if (at.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(500)) {
            consumer.assign(at.keySet());
            at.forEach(consumer::seek);
            long deadline = System.nanoTime()
                    + Math.min(timeout.toNanos(), Duration.ofSeconds(2).toNanos());
            while (out.size() < at.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (out.putIfAbsent(tp, r.timestamp()) == null) {
                        consumer.pause(List.of(tp));
                    }
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new StoreUnavailableException("Kafka", e);
        }
        return out;
    }

    /** A consumer in no group (it assigns, seeks and never commits). */
    KafkaConsumer<byte[], byte[]> consumer(int maxPollRecords) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-console-reader");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    Map<String, Object> clientProperties() {
        return clientProperties;
    }

    Duration timeout() {
        return timeout;
    }

    private <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("Kafka", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException u) {
                throw new UnknownTopicException(u.getMessage());
            }
            throw new StoreUnavailableException("Kafka", e.getCause());
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("Kafka", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
