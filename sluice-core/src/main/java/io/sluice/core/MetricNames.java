package io.sluice.core;

/**
 * Every metric Sluice publishes, under one prefix. Tags stay few and bounded: {@code service}, {@code topic}, and
 * for lag {@code partition} — never ids or offsets. Prometheus renders dots as underscores and
 * counters get {@code _total} ({@code sluice_consumer_records_written_total}).
 */
public final class MetricNames {
    /** Records polled from Kafka. Tags: service, topic. */
    public static final String RECORDS_IN = "sluice.consumer.records.in";
    /** Records stored by the sink. Tags: service, topic. */
    public static final String RECORDS_WRITTEN = "sluice.consumer.records.written";
    /** Records that could not be stored and went to the dead-letter topic. Tags: service, topic. */
    public static final String RECORDS_FAILED = "sluice.consumer.records.failed";
    /** Records the decoder skipped (tombstones, heartbeats): offsets moved, nothing stored. Tags: service, topic. */
    public static final String RECORDS_SKIPPED = "sluice.consumer.records.skipped";
    /** Records published to a dead-letter topic (a replay after a crash may publish one twice). */
    public static final String DLQ_RECORDS = "sluice.dlq.records";
    /** Records per flushed batch. */
    public static final String BATCH_SIZE = "sluice.batch.size";
    /** Time to write one batch, offsets included. */
    public static final String BATCH_FLUSH = "sluice.batch.flush";
    /** Failed batch writes that were retried after a backoff (outages). */
    public static final String BATCH_RETRIES = "sluice.batch.retries";
    /** Records behind the log end, per assigned partition. Tags: service, topic, partition. */
    public static final String CONSUMER_LAG = "sluice.consumer.lag";
    /** Age of the newest stored record, by its Kafka timestamp, in seconds. */
    public static final String FRESHNESS = "sluice.consumer.freshness.seconds";

    private MetricNames() {}
}
