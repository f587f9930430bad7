package io.sluice.core.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a raw Kafka record into a service's value.
 *
 * <p>Must be pure and thread-confined to the consumer loop. A record that can never be decoded (bad JSON, a
 * missing or wrongly typed field) is rejected with {@link PoisonRecordException}; the loop then sends it to the
 * dead-letter topic and moves on. Any other exception from a decoder is treated the same way (the record's
 * position is already consumed, so it must land somewhere durable), with the exception's class in the headers.
 */
@FunctionalInterface
public interface Decoder<T> {
    T decode(ConsumerRecord<byte[], byte[]> record) throws PoisonRecordException;
}
