package io.sluice.producer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One serialized event on its way to Kafka: what the producer sends and what the spill file keeps. No key: the
 * producer's sticky partitioner spreads records, and consumers deduplicate by the {@code event_id} in the value.
 *
 * @param headers Kafka record headers, UTF-8 text (the W3C trace context, when tracing is on)
 */
public record OutboundRecord(String topic, Map<String, String> headers, byte[] value) {

    public OutboundRecord {
        headers = Map.copyOf(headers);
    }

    ProducerRecord<byte[], byte[]> toProducerRecord() {
        RecordHeaders h = new RecordHeaders();
        headers.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(topic, null, null, null, value, h);
    }
}
