package io.sluice.bench.ingest;

import io.sluice.core.consumer.Decoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A decoder that adds the time its delegate spends to a {@link WriteProgress}. */
final class TimedDecoder<T> implements Decoder<T> {
    private final Decoder<T> delegate;
    private final WriteProgress progress;

    TimedDecoder(Decoder<T> delegate, WriteProgress progress) {
        this.delegate = delegate;
        this.progress = progress;
    }

    @Override
    public T decode(ConsumerRecord<byte[], byte[]> record) {
        long start = System.nanoTime();
        try {
            return delegate.decode(record);
        } finally {
            progress.decoded(System.nanoTime() - start);
        }
    }
}
