package io.sluice.bench.inventory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's lag as lag tools see it: the log-end offsets of its topics minus the offsets the group committed
 * to Kafka (a partition never committed counts from 0). The services that store offsets with their data commit them
 * to Kafka too, for such tools. Not thread-safe.
 */
public final class GroupLag implements AutoCloseable {
    private static final long TIMEOUT_MS = 10_000;

    private final Admin admin;

    public GroupLag(String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT_MS,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT_MS));
    }

    /** Records of {@code topics} that {@code group} has not committed. */
    public long lag(String group, List<String> topics) {
        Map<TopicPartition, Long> ends = endOffsets(topics);
        Map<TopicPartition, OffsetAndMetadata> committed =
                get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    /** Log-end offsets of every partition of {@code topics}. */
    public Map<TopicPartition, Long> endOffsets(List<String> topics) {
        Map<String, TopicDescription> described =
                get(admin.describeTopics(topics).allTopicNames());
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        described.values().forEach(d -> d.partitions()
                .forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResultInfo> offsets =
                get(admin.listOffsets(request).all());
        Map<TopicPartition, Long> ends = new HashMap<>();
        offsets.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** The sum of the log-end offsets of {@code topics}: every record ever written to them. */
    public long records(List<String> topics) {
        return endOffsets(topics).values().stream().mapToLong(Long::longValue).sum();
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the broker", e);
        }
    }

    /** Waits up to {@code timeout} for the lag to reach 0; returns the last lag seen. */
    public long awaitZero(String group, List<String> topics, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lag = lag(group, topics);
        while (lag > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            lag = lag(group, topics);
        }
        return lag;
    }

    @Override
    public void close() {
        admin.close();
    }
}
