package io.sluice.core.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sluice.core.MetricNames;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/** The meters of one {@link ConsumerLoop}. Thread-safe: written by the loop's threads, read by scrapes. */
final class ConsumerMetrics {
    private final MeterRegistry registry;
    private final String service;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<TopicPartition, AtomicLong> lag = new ConcurrentHashMap<>();
    private final DistributionSummary batchSize;
    private final Timer flushTimer;
    private final Counter retries;
    private final AtomicLong newestWrittenTimestamp = new AtomicLong(-1);

    ConsumerMetrics(MeterRegistry registry, String service, InstantSource clock) {
        this.registry = registry;
        this.service = service;
        this.batchSize = DistributionSummary.builder(MetricNames.BATCH_SIZE)
                .description("Records per flushed batch")
                .tag("service", service)
                .register(registry);
        this.flushTimer = Timer.builder(MetricNames.BATCH_FLUSH)
                .description("Time to store one batch and its offsets")
                .tag("service", service)
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.retries = Counter.builder(MetricNames.BATCH_RETRIES)
                .description("Failed writes retried after a backoff")
                .tag("service", service)
                .register(registry);
        Gauge.builder(MetricNames.FRESHNESS, newestWrittenTimestamp, ts -> {
                    long t = ts.get();
                    return t < 0 ? Double.NaN : (clock.millis() - t) / 1000.0;
                })
                .description("Age of the newest stored record, by its Kafka timestamp")
                .baseUnit("seconds")
                .tag("service", service)
                .register(registry);
    }

    void recordsIn(String topic, int n) {
        counter(MetricNames.RECORDS_IN, "Records polled from Kafka", topic).increment(n);
    }

    void recordsWritten(String topic, int n) {
        counter(MetricNames.RECORDS_WRITTEN, "Records stored by the sink", topic)
                .increment(n);
    }

    void recordsFailed(String topic, int n) {
        counter(MetricNames.RECORDS_FAILED, "Records sent to the dead-letter topic", topic)
                .increment(n);
        counter(MetricNames.DLQ_RECORDS, "Records published to a dead-letter topic", topic)
                .increment(n);
    }

    void recordsSkipped(String topic, int n) {
        counter(MetricNames.RECORDS_SKIPPED, "Records the decoder skipped (tombstones, heartbeats)", topic)
                .increment(n);
    }

    void batch(int size, long nanos) {
        batchSize.record(size);
        flushTimer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void retry() {
        retries.increment();
    }

    void written(long newestTimestamp) {
        newestWrittenTimestamp.accumulateAndGet(newestTimestamp, Math::max);
    }

    void lag(TopicPartition tp, long value) {
        lag.computeIfAbsent(tp, k -> {
                    AtomicLong holder = new AtomicLong();
                    Gauge.builder(MetricNames.CONSUMER_LAG, holder, AtomicLong::get)
                            .description("Records behind the log end")
                            .tags("service", service, "topic", k.topic(), "partition", Integer.toString(k.partition()))
                            .register(registry);
                    return holder;
                })
                .set(value);
    }

    private Counter counter(String name, String description, String topic) {
        return counters.computeIfAbsent(name + '|' + topic, k -> Counter.builder(name)
                .description(description)
                .tags("service", service, "topic", topic)
                .register(registry));
    }
}
