package io.sluice.core.consumer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A {@link MockProducer} that refuses records as Kafka does: larger than {@code max.request.size} (1 MiB by default),
 * the client fails the send with {@link RecordTooLargeException}; larger than the broker's limit, the future fails
 * with the same exception once sent. The size is Kafka's own upper-bound estimate, the one {@code KafkaProducer}
 * checks against {@code max.request.size} (an internal API, used here only so that the fake refuses what the real
 * client refuses).
 */
final class SizeLimitedProducer extends MockProducer<byte[], byte[]> {
    volatile int maxRequestSize = 1_048_576;
    volatile int brokerLimit = Integer.MAX_VALUE;

    SizeLimitedProducer() {
        super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        long size = size(record);
        if (size > maxRequestSize || size > brokerLimit) {
            RecordTooLargeException e = new RecordTooLargeException("The message is " + size
                    + " bytes when serialized which is larger than the maximum request size you have configured");
            if (callback != null) {
                callback.onCompletion(null, e);
            }
            return CompletableFuture.failedFuture(e);
        }
        return super.send(record, callback);
    }

    static long size(ProducerRecord<byte[], byte[]> record) {
        return AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE,
                CompressionType.NONE,
                record.key(),
                record.value(),
                record.headers().toArray());
    }
}
