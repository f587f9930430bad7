package io.sluice.producer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One serialized record on its way to Kafka: what the producer sends and what the spill file keeps.
 *
 * @param key the record key, or null: the producer's sticky partitioner spreads keyless records (request events do
 *     so, and consumers deduplicate by the {@code event_id} in the value); a key keeps a key's records in one
 *     partition, in order (activity events are keyed by {@code user_id})
 * @param headers Kafka record headers, UTF-8 text (the W3C trace context, when tracing is on)
 */
public record OutboundRecord(String topic, byte[] key, Map<String, String> headers, byte[] value) {

    public OutboundRecord {
        headers = Map.copyOf(headers);
    }

    /** A record without a key. */
    public OutboundRecord(String topic, Map<String, String> headers, byte[] value) {
        this(topic, null, headers, value);
    }

    /** A keyed record without headers. */
    public static OutboundRecord keyed(String topic, String key, byte[] value) {
        return new OutboundRecord(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), Map.of(), value);
    }

    ProducerRecord<byte[], byte[]> toProducerRecord() {
        RecordHeaders h = new RecordHeaders();
        headers.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(topic, null, null, key, value, h);
    }
}
