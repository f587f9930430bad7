package io.sluice.core.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** A decoded value with the raw record it came from (kept for the dead-letter topic and for record metadata). */
public record Decoded<T>(ConsumerRecord<byte[], byte[]> source, T value) {

    public String topic() {
        return source.topic();
    }

    public int partition() {
        return source.partition();
    }

    public long offset() {
        return source.offset();
    }

    /** The record's Kafka timestamp, in epoch milliseconds. */
    public long timestamp() {
        return source.timestamp();
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(source.topic(), source.partition());
    }
}
