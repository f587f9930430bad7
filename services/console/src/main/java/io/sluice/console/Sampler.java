package io.sluice.console;

import io.sluice.console.KafkaView.Group;
import io.sluice.console.KafkaView.TopicOffsets;
import io.sluice.console.ServiceProbe.Probe;
import io.sluice.console.ServiceSeries.Observation;
import io.sluice.console.ServiceSeries.Point;
import io.sluice.core.MetricNames;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every service ({@code /health}, {@code /metrics}) and Kafka (topics, offsets, the services' consumer
 * groups and their lag) once per interval, keeps each service's points ({@link ServiceSeries}) and publishes the
 * latest {@link Snapshot} to the routes and to the live stream's listeners. A service that does not answer is
 * {@code unreachable}; Kafka out of reach leaves the lag unknown and {@link #kafkaAnswered()} as it was. One
 * sampling at a time ({@link #sample()} is synchronized); readers see whole snapshots.
 */
final class Sampler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Sampler.class);
    private static final long DRAIN_WINDOW_MILLIS = 60_000;

    /** What one sampling saw. */
    record Snapshot(
            Instant at,
            boolean kafkaUp,
            Map<String, Probe> probes,
            Map<String, Point> points,
            Map<String, TopicOffsets> topics,
            Map<String, Group> groups,
            Map<String, Double> topicRates,
            Map<String, Double> consumeRates) {
        static Snapshot empty(Instant at) {
            return new Snapshot(at, false, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        }
    }

    private final List<ServiceInfo> services;
    private final KafkaView kafka;
    private final ServiceProbe probe;
    private final Clock clock;
    private final Map<String, ServiceSeries> series = new LinkedHashMap<>();
    private final AtomicReference<Snapshot> latest;
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean kafkaAnswered;
    private Map<String, Long> lastTopicEnds = Map.of();
    private Map<String, Long> lastCommitted = Map.of();
    private long lastKafkaAt = -1;

    Sampler(List<ServiceInfo> services, KafkaView kafka, ServiceProbe probe, Clock clock, int historyPoints) {
        this.services = List.copyOf(services);
        this.kafka = kafka;
        this.probe = probe;
        this.clock = clock;
        services.forEach(s -> series.put(s.name(), new ServiceSeries(historyPoints, DRAIN_WINDOW_MILLIS)));
        this.latest = new AtomicReference<>(Snapshot.empty(clock.instant()));
    }

    List<ServiceInfo> services() {
        return services;
    }

    ServiceSeries series(String service) {
        return series.get(service);
    }

    Snapshot latest() {
        return latest.get();
    }

    boolean kafkaAnswered() {
        return kafkaAnswered;
    }

    void onSample(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    /** Samples once; never throws for an unreachable service or Kafka. */
    synchronized Snapshot sample() {
        Map<String, Future<Probe>> pending = new LinkedHashMap<>();
        services.forEach(s -> pending.put(s.name(), probes.submit(() -> probe.probe(s.url()))));
        Map<String, TopicOffsets> topics = new LinkedHashMap<>();
        Map<String, Group> groups = new LinkedHashMap<>();
        Map<String, Double> lagSeconds = new HashMap<>();
        boolean kafkaUp = false;
        try {
            kafka.topics().forEach(t -> topics.put(t.name(), t));
            List<String> ids = services.stream()
                    .flatMap(s -> s.flow().groups().stream())
                    .distinct()
                    .toList();
            kafka.groups(ids).forEach(g -> groups.put(g.group(), g));
            lagSeconds.putAll(lagSeconds(topics, groups));
            kafkaUp = true;
            kafkaAnswered = true;
        } catch (RuntimeException e) {
            log.debug("Kafka did not answer the console's sampling: {}", e.toString());
        }
        Map<String, Probe> probed = new LinkedHashMap<>();
        pending.forEach((name, f) -> {
            try {
                probed.put(name, f.get());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                probed.put(name, Probe.UNREACHABLE);
            }
        });
        long now = clock.millis();
        Map<String, Double> topicRates = new HashMap<>();
        Map<String, Double> consumeRates = new HashMap<>();
        if (kafkaUp) {
            Map<String, Long> ends = new HashMap<>();
            topics.values()
                    .forEach(t -> ends.put(
                            t.name(),
                            t.partitions().values().stream()
                                    .mapToLong(o -> o[1])
                                    .sum()));
            Map<String, Long> committed = new HashMap<>();
            groups.values().forEach(g -> g.committed()
                    .forEach((tp, off) -> committed.merge(g.group() + "|" + tp.topic(), off, Long::sum)));
            if (lastKafkaAt >= 0 && now > lastKafkaAt) {
                double dt = (now - lastKafkaAt) / 1000.0;
                rates(lastTopicEnds, ends, dt, topicRates);
                rates(lastCommitted, committed, dt, consumeRates);
            }
            lastTopicEnds = ends;
            lastCommitted = committed;
            lastKafkaAt = now;
        }
        Map<String, Point> points = new LinkedHashMap<>();
        for (ServiceInfo s : services) {
            Observation obs = observe(s, probed.get(s.name()), kafkaUp, topics, groups, lagSeconds);
            points.put(s.name(), series.get(s.name()).record(now, obs));
        }
        Snapshot snap = new Snapshot(
                Instant.ofEpochMilli(now), kafkaUp, probed, points, topics, groups, topicRates, consumeRates);
        latest.set(snap);
        for (Consumer<Snapshot> l : listeners) {
            try {
                l.accept(snap);
            } catch (RuntimeException e) {
                log.debug("A console listener failed: {}", e.toString());
            }
        }
        return snap;
    }

    private static void rates(Map<String, Long> before, Map<String, Long> now, double dt, Map<String, Double> out) {
        now.forEach((k, v) -> {
            Long b = before.get(k);
            if (b != null && v >= b) {
                out.put(k, (v - b) / dt);
            }
        });
    }

    private Observation observe(
            ServiceInfo s,
            Probe p,
            boolean kafkaUp,
            Map<String, TopicOffsets> topics,
            Map<String, Group> groups,
            Map<String, Double> lagSeconds) {
        PrometheusText m = p == null ? null : p.metrics();
        Long lag = null;
        Double lagSec = null;
        if (kafkaUp && !s.flow().groups().isEmpty()) {
            long total = 0;
            Double oldest = null;
            for (String g : s.flow().groups()) {
                Group group = groups.get(g);
                total += lag(group, s.flow().inputs(), topics);
                Double age = lagSeconds.get(g);
                if (age != null) {
                    oldest = oldest == null ? age : Math.max(oldest, age);
                }
            }
            lag = total;
            lagSec = total == 0 ? Double.valueOf(0.0) : oldest; // null: lagging, the age not read this time
        } else if (m != null) {
            Double fromMetrics = m.sum(prom(MetricNames.CONSUMER_LAG));
            lag = fromMetrics == null ? null : Math.round(fromMetrics);
        }
        if (m == null) {
            return new Observation(null, null, null, null, null, lag, lagSec);
        }
        Double failed = m.sum(prom(MetricNames.RECORDS_FAILED) + "_total");
        Double dlq = m.sum(prom(MetricNames.DLQ_RECORDS) + "_total");
        Double errors = failed;
        if (errors == null || (dlq != null && dlq > errors)) {
            errors = dlq;
        }
        Double written = m.sum(prom(MetricNames.RECORDS_WRITTEN) + "_total");
        if (written == null && m.sum(prom(MetricNames.RECORDS_IN) + "_total") != null) {
            written = 0.0; // a consumer that polled but has stored nothing yet: Micrometer shows no counter until then
        }
        return new Observation(
                written,
                errors,
                m.sum(prom(MetricNames.BATCH_FLUSH) + "_seconds_sum"),
                m.sum(prom(MetricNames.BATCH_FLUSH) + "_seconds_count"),
                m.max(prom(MetricNames.FRESHNESS)),
                lag,
                lagSec);
    }

    /** A group's lag on these topics: end − committed per partition, end − start where it committed nothing. */
    static long lag(Group group, List<String> inputs, Map<String, TopicOffsets> topics) {
        long total = 0;
        for (String topic : inputs) {
            TopicOffsets t = topics.get(topic);
            if (t == null) {
                continue;
            }
            for (Map.Entry<Integer, long[]> p : t.partitions().entrySet()) {
                Long c = group == null ? null : group.committed().get(new TopicPartition(topic, p.getKey()));
                long from = c == null ? p.getValue()[0] : Math.max(c, p.getValue()[0]);
                total += Math.max(0, p.getValue()[1] - from);
            }
        }
        return total;
    }

    /**
     * Per group, the age in seconds of the oldest record it has not consumed: the timestamp of the record at its
     * committed offset, for the partitions where it lags.
     */
    private Map<String, Double> lagSeconds(Map<String, TopicOffsets> topics, Map<String, Group> groups) {
        Map<TopicPartition, Long> at = new HashMap<>();
        Map<String, List<TopicPartition>> byGroup = new HashMap<>();
        for (ServiceInfo s : services) {
            for (String g : s.flow().groups()) {
                Group group = groups.get(g);
                for (String topic : s.flow().inputs()) {
                    TopicOffsets t = topics.get(topic);
                    if (t == null) {
                        continue;
                    }
                    t.partitions().forEach((partition, o) -> {
                        TopicPartition tp = new TopicPartition(topic, partition);
                        Long c = group == null ? null : group.committed().get(tp);
                        long from = c == null ? o[0] : Math.max(c, o[0]);
                        if (o[1] > from) {
                            at.merge(tp, from, Math::min);
                            byGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(tp);
                        }
                    });
                }
            }
        }
        if (at.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> timestamps;
        try {
            timestamps = kafka.timestamps(at);
        } catch (RuntimeException e) { // the offsets answered: keep the lag in records, the seconds are unknown
            log.debug("The console could not read the oldest unconsumed records: {}", e.toString());
            return Map.of();
        }
        long now = clock.millis();
        Map<String, Double> out = new HashMap<>();
        byGroup.forEach((g, tps) -> {
            double oldest = 0;
            for (TopicPartition tp : tps) {
                Long ts = timestamps.get(tp);
                if (ts != null && ts > 0) {
                    oldest = Math.max(oldest, Math.max(0, now - ts) / 1000.0);
                }
            }
            out.put(g, oldest);
        });
        return out;
    }

    /** Micrometer's name in Prometheus text: dots become underscores. */
    static String prom(String metric) {
        return metric.replace('.', '_');
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
