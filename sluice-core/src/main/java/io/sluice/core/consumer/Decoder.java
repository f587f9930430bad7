package io.sluice.core.consumer;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a raw Kafka record into a service's value.
 *
 * <p>Called on the consumer loop's polling thread only; must be pure. The loop calls {@link #decodeOrSkip}, which
 * by default wraps {@link #decode}: implement {@code decode} for a decoder that never skips, or build one with
 * {@link #skipping} when some records carry nothing to store (see {@link Decoding.Skip}), or with {@link #byTopic}
 * when one loop reads several topics.
 *
 * <p>A record that can never be decoded (bad JSON, a missing or wrongly typed field) is rejected with
 * {@link PoisonRecordException}; the loop then sends it to the dead-letter topic and moves on. Any other exception
 * from a decoder is treated the same way (the record's position is already consumed, so it must land somewhere
 * durable), with the exception's class in the headers. So is a {@code null} result: it is a decoder bug, and it is
 * reported as one rather than passed on to the sink.
 */
@FunctionalInterface
public interface Decoder<T> {

    /** The record's value; never null. */
    T decode(ConsumerRecord<byte[], byte[]> record) throws PoisonRecordException;

    /**
     * The record's value, or a skip. The loop calls this one.
     *
     * @throws PoisonRecordException if the record can never be decoded, or the decoder returned null
     */
    default Decoding<T> decodeOrSkip(ConsumerRecord<byte[], byte[]> record) {
        T value = decode(record);
        if (value == null) {
            throw returnedNull(this, record);
        }
        return Decoding.value(value);
    }

    /** A decoder that may skip records: {@code decoding} returns a {@link Decoding}, never null. */
    static <T> Decoder<T> skipping(Function<ConsumerRecord<byte[], byte[]>, Decoding<T>> decoding) {
        return new Decoder<>() {
            @Override
            public Decoding<T> decodeOrSkip(ConsumerRecord<byte[], byte[]> record) {
                Decoding<T> d = decoding.apply(record);
                if (d == null) {
                    throw returnedNull(decoding, record);
                }
                return d;
            }

            @Override
            public T decode(ConsumerRecord<byte[], byte[]> record) {
                return switch (decodeOrSkip(record)) {
                    case Decoding.Value<T> v -> v.value();
                    case Decoding.Skip<T> s ->
                        throw new PoisonRecordException(
                                "record " + where(record) + " is skipped (" + s.reason() + ") and has no value");
                };
            }
        };
    }

    /**
     * A decoder that dispatches on {@link ConsumerRecord#topic()}: one loop, several topics, one (usually sealed)
     * value type. A record of a topic with no decoder is a poison record (it goes to the dead-letter topic), so a
     * pattern subscription should match only the topics listed here.
     */
    static <T> Decoder<T> byTopic(Map<String, ? extends Decoder<? extends T>> decoders) {
        Map<String, ? extends Decoder<? extends T>> byTopic = Map.copyOf(decoders);
        return skipping(record -> {
            Decoder<? extends T> d = byTopic.get(record.topic());
            if (d == null) {
                throw new PoisonRecordException(
                        "no decoder for topic " + record.topic() + "; this loop decodes " + byTopic.keySet());
            }
            return Decoding.widen(d.decodeOrSkip(record));
        });
    }

    private static PoisonRecordException returnedNull(Object decoder, ConsumerRecord<byte[], byte[]> record) {
        return new PoisonRecordException("decoder " + decoder.getClass().getName() + " returned null for "
                + where(record) + "; a decoder must return a value, return Decoding.skip(reason) to skip a record,"
                + " or throw PoisonRecordException");
    }

    private static String where(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
