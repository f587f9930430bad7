package io.sluice.core.consumer;

import java.util.Objects;

/**
 * What a {@link Decoder} made of one record: a {@link Value} for the sink, or a {@link Skip} — a record that carries
 * nothing to store (a CDC tombstone, a heartbeat). A skipped record's offset advances with the batch it was polled
 * in, it is counted under {@code sluice.consumer.records.skipped} and in {@link ConsumerState#recordsSkipped()}, and
 * it never reaches the sink or the dead-letter topic.
 *
 * <p>Immutable. A decoder that cannot decode a record throws {@link PoisonRecordException} instead.
 */
public sealed interface Decoding<T> {

    /** A decoded value; never null. */
    record Value<T>(T value) implements Decoding<T> {
        public Value {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A record to step over; {@code reason} says why, for logs (for example "tombstone"). */
    record Skip<T>(String reason) implements Decoding<T> {
        public Skip {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static <T> Decoding<T> value(T value) {
        return new Value<>(value);
    }

    static <T> Decoding<T> skip(String reason) {
        return new Skip<>(reason);
    }

    /** The same decoding, seen as a decoding of a supertype. */
    static <T> Decoding<T> widen(Decoding<? extends T> decoding) {
        return switch (decoding) {
            case Value<? extends T> v -> new Value<>(v.value());
            case Skip<? extends T> s -> new Skip<>(s.reason());
        };
    }
}
