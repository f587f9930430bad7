package io.sluice.core.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka can be reached right now: the answer behind {@code kafka_status}. Never a constant — it is up only
 * after a recent success (a probe's metadata fetch or an acknowledged send) that no later failure contradicts.
 *
 * <p>A background thread asks the cluster for its nodes every probe interval, with a short timeout; on the first
 * success it also creates the service's topics when they are missing ({@link Topics#ensure}, which also waits for
 * their partitions to have leaders, so that the first sends do not meet NOT_LEADER_OR_FOLLOWER). {@link #isUp()} only reads two volatile
 * fields, so request handlers may call it freely. Thread-safe.
 *
 * <p>Shared by the event emitter ({@code kafka_status} of request events) and every {@link
 * io.sluice.core.consumer.ConsumerLoop} (a consumer alone does not notice a broker it cannot reach: its polls just
 * return nothing), so each service's health tells the same truth about the same broker.
 */
public final class KafkaReachability implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaReachability.class);

    /** How long creating the topics and waiting for their leaders may take, once, on the probe's thread. */
    private static final Duration TOPICS_TIMEOUT = Duration.ofSeconds(10);
    /** A failed creation is tried again no sooner than this (it logs a warning each time). */
    private static final long TOPICS_RETRY_NANOS = Duration.ofSeconds(30).toNanos();

    private final Admin admin;
    private final String bootstrapServers;
    private KafkaSecurity security = KafkaSecurity.NONE; // set once, in create
    private final Duration interval;
    private final Duration timeout;
    private final Map<String, Integer> topics;
    private final long staleAfterNanos;
    private final ScheduledExecutorService scheduler;

    // System.nanoTime() may be any long, so "never" is null rather than 0.
    private volatile Long lastSuccessNanos;
    private volatile Long lastFailureNanos;
    private volatile Instant lastSuccessAt;
    private volatile String lastError = "not probed yet";
    private volatile boolean topicsReady;
    private Long topicsTriedNanos; // the probe thread's (and the first, synchronous, probe's) alone

    /** @param admin the probe's client; null for a status that only sends and tests report on */
    public KafkaReachability(
            Admin admin, String bootstrapServers, Duration interval, Duration timeout, Map<String, Integer> topics) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.interval = interval;
        this.timeout = timeout;
        this.topics = Map.copyOf(topics);
        this.topicsReady = topics.isEmpty();
        // Three missed probes without any acknowledged send in between, and the broker counts as gone.
        this.staleAfterNanos = interval.multipliedBy(3).plus(timeout).toNanos();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-events-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A probe with its own admin client.
     *
     * @param clientId the admin client's id, e.g. {@code <service>-probe}
     * @param security TLS/SASL settings of the admin client and of the topic creation
     * @param clientProperties more client properties; keys an admin client does not know are left out
     * @param topics topics to create (with their partition counts) once Kafka answers; empty for none
     */
    public static KafkaReachability create(
            String bootstrapServers,
            String clientId,
            Duration interval,
            Duration timeout,
            KafkaSecurity security,
            Map<String, ?> clientProperties,
            Map<String, Integer> topics) {
        int timeoutMs = (int) timeout.toMillis();
        Map<String, Object> props = new HashMap<>();
        clientProperties.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        security.applyTo(props);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Math.max(timeoutMs, 1000));
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        KafkaReachability probe =
                new KafkaReachability(Admin.create(props), bootstrapServers, interval, timeout, topics);
        probe.security = security;
        return probe;
    }

    /** Probes every interval from now on (the first probe is the caller's, see {@link #probe()}). */
    public KafkaReachability start() {
        scheduler.scheduleWithFixedDelay(this::probe, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Probes once, now, on the calling thread; returns whether the broker answered. */
    public boolean probe() {
        int timeoutMs = (int) timeout.toMillis();
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                    .nodes()
                    .get(timeoutMs + 500L, TimeUnit.MILLISECONDS);
            if (!topicsReady
                    && (topicsTriedNanos == null || System.nanoTime() - topicsTriedNanos > TOPICS_RETRY_NANOS)) {
                // Not fatal when it fails: the broker may auto-create topics, or an operator may create them later.
                topicsTriedNanos = System.nanoTime();
                topicsReady = Topics.ensure(bootstrapServers, security, topics, TOPICS_TIMEOUT);
            }
            succeeded();
            return true;
        } catch (ExecutionException e) {
            failed(e.getCause());
        } catch (TimeoutException e) {
            failed(new TimeoutException("no answer from Kafka within " + timeoutMs + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed(e);
        }
        return false;
    }

    /** A send was acknowledged, or a probe answered. */
    public void succeeded() {
        lastSuccessNanos = System.nanoTime();
        lastSuccessAt = Instant.now();
    }

    /** A send or a probe failed for a reason that says the broker is out of reach. */
    public void failed(Throwable cause) {
        boolean wasUp = isUp();
        lastFailureNanos = System.nanoTime();
        lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (wasUp) {
            log.warn("Kafka at {} is not reachable ({})", bootstrapServers, lastError);
        }
    }

    public boolean isUp() {
        Long success = lastSuccessNanos;
        Long failure = lastFailureNanos;
        return success != null
                && (failure == null || success - failure > 0)
                && System.nanoTime() - success < staleAfterNanos;
    }

    /** The last failure's description, or null while up. */
    public String lastError() {
        return isUp() ? null : lastError;
    }

    /** When Kafka last answered, or null. */
    public Instant lastSuccessAt() {
        return lastSuccessAt;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
