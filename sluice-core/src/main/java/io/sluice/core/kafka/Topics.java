package io.sluice.core.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics a service needs, when they are missing. */
public final class Topics {
    private static final Logger log = LoggerFactory.getLogger(Topics.class);

    private Topics() {}

    /**
     * Creates each missing topic with the given partition count (replication: the broker's default). Existing
     * topics are left as they are. Returns false (and logs why) if the broker did not answer in time, so a
     * service can still start and wait for Kafka.
     */
    public static boolean ensure(String bootstrapServers, Map<String, Integer> partitionsByTopic, Duration timeout) {
        return ensure(bootstrapServers, KafkaSecurity.NONE, partitionsByTopic, timeout);
    }

    /** {@link #ensure(String, Map, Duration)} on a broker that wants TLS or SASL. */
    public static boolean ensure(
            String bootstrapServers, KafkaSecurity security, Map<String, Integer> partitionsByTopic, Duration timeout) {
        Properties p = new Properties();
        security.applyTo(p);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        try (Admin admin = Admin.create(p)) {
            Map<String, Integer> missing = missing(admin, partitionsByTopic, timeout);
            if (missing.isEmpty()) {
                return true;
            }
            List<NewTopic> topics = missing.entrySet().stream()
                    .map(e -> new NewTopic(e.getKey(), java.util.Optional.of(e.getValue()), java.util.Optional.empty()))
                    .toList();
            admin.createTopics(topics).values().forEach((name, f) -> {
                try {
                    f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("created topic {} ({} partitions)", name, missing.get(name));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "creating topic " + name + " failed: "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("creating topic " + name + " timed out after " + timeout, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topic " + name, e);
                }
            });
            awaitLeaders(admin, missing.keySet(), System.nanoTime() + timeout.toNanos());
            return true;
        } catch (IllegalStateException e) {
            log.warn("could not create topics {}: {}", partitionsByTopic.keySet(), e.getMessage());
            return false;
        }
    }

    /**
     * The topics that do not exist yet or have a partition without a leader; one request when they all exist (a
     * service's usual start), where creating them again would take three.
     */
    private static Map<String, Integer> missing(Admin admin, Map<String, Integer> partitionsByTopic, Duration timeout) {
        Map<String, Integer> missing = new HashMap<>();
        admin.describeTopics(partitionsByTopic.keySet()).topicNameValues().forEach((name, f) -> {
            try {
                boolean led = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS).partitions().stream()
                        .allMatch(tp -> tp.leader() != null && !tp.leader().isEmpty());
                if (!led) {
                    missing.put(name, partitionsByTopic.get(name));
                }
            } catch (ExecutionException e) {
                missing.put(name, partitionsByTopic.get(name)); // unknown (or refused: the creation will say why)
            } catch (TimeoutException e) {
                throw new IllegalStateException("describing topic " + name + " timed out after " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing topics " + partitionsByTopic.keySet(), e);
            }
        });
        return missing;
    }

    /**
     * Waits until every partition of the topics has a leader that serves it. A topic is created before its partitions have one;
     * a producer that writes in that window gets NOT_LEADER_OR_FOLLOWER, and an idempotent producer can then end
     * in OUT_OF_ORDER_SEQUENCE retries until its batches expire (seen once in CI on a just-created topic).
     */
    private static void awaitLeaders(Admin admin, Collection<String> topics, long deadlineNanos) {
        while (true) {
            try {
                var described = admin.describeTopics(topics).allTopicNames().get();
                boolean ready = described.values().stream()
                        .flatMap(t -> t.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (ready) {
                    // The metadata names a leader before the leader serves the partition: ask each one for its end
                    // (ListOffsets goes to the leader and fails NOT_LEADER_OR_FOLLOWER until it does).
                    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ends =
                            new java.util.HashMap<>();
                    described.values().forEach(t -> t.partitions()
                            .forEach(p -> ends.put(
                                    new org.apache.kafka.common.TopicPartition(t.name(), p.partition()),
                                    org.apache.kafka.clients.admin.OffsetSpec.latest())));
                    admin.listOffsets(ends).all().get();
                    return;
                }
            } catch (ExecutionException e) {
                // not visible yet on the broker that answered: ask again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (System.nanoTime() > deadlineNanos) {
                log.warn("partitions of {} have no leader yet; producers will retry", topics);
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
