package io.sluice.core.consumer;

import io.sluice.core.config.ConfigException;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;

/**
 * The topics one {@link ConsumerLoop} reads: a fixed list, or every topic whose name matches a pattern (topics
 * created later join at the next metadata refresh). Pair several topics with {@link Decoder#byTopic}. Immutable.
 *
 * <p>A pattern should not match the loop's own dead-letter topics ({@code <topic>.dlq}): write it so that it ends
 * where the topic names end, for example {@code dbserver1\.public\.(products|orders|order_items)}.
 */
public sealed interface Subscription {

    /** Subscribes {@code consumer}; called once, on the polling thread. */
    void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener listener);

    /** A fixed list of topics, at least one. */
    record Topics(List<String> topics) implements Subscription {
        public Topics {
            topics = List.copyOf(topics);
            if (topics.isEmpty()) {
                throw new ConfigException("at least one topic is required");
            }
        }

        @Override
        public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener listener) {
            consumer.subscribe(topics, listener);
        }

        @Override
        public String toString() {
            return topics.toString();
        }
    }

    /** Every topic whose whole name matches {@code pattern}. */
    record Pattern(java.util.regex.Pattern pattern) implements Subscription {
        public Pattern {
            Objects.requireNonNull(pattern, "pattern");
        }

        @Override
        public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener listener) {
            consumer.subscribe(pattern, listener);
        }

        @Override
        public String toString() {
            return "topics matching /" + pattern.pattern() + "/";
        }
    }

    static Subscription topics(List<String> topics) {
        return new Topics(topics);
    }

    static Subscription pattern(java.util.regex.Pattern pattern) {
        return new Pattern(pattern);
    }
}
