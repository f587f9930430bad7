package io.sluice.dlq;

import io.sluice.core.consumer.DeadLetterPublisher;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a dead letter sits: its {@code *.dlq} topic, partition and offset. Written {@code <dlq topic>:<partition>:<offset>}
 * ({@code text-messages.dlq:0:42}), the ID that {@code sluice dlq show|replay|resolve} and the console take.
 */
public record DeadLetterId(String topic, int partition, long offset) {

    public DeadLetterId {
        if (topic == null || !topic.endsWith(DeadLetterPublisher.SUFFIX)) {
            throw new IllegalArgumentException(
                    "not a dead-letter topic (*" + DeadLetterPublisher.SUFFIX + "): " + topic);
        }
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must be >= 0");
        }
    }

    /**
     * Parses {@code <dlq topic>:<partition>:<offset>}.
     *
     * @throws IllegalArgumentException with a one-line reason naming what is wrong
     */
    public static DeadLetterId parse(String text) {
        int last = text == null ? -1 : text.lastIndexOf(':');
        int middle = last <= 0 ? -1 : text.lastIndexOf(':', last - 1);
        if (middle <= 0) {
            throw new IllegalArgumentException("invalid dead-letter ID '" + text
                    + "': expected <dlq topic>:<partition>:<offset>, e.g. text-messages.dlq:0:42");
        }
        try {
            return new DeadLetterId(
                    text.substring(0, middle),
                    Integer.parseInt(text.substring(middle + 1, last)),
                    Long.parseLong(text.substring(last + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "invalid dead-letter ID '" + text + "': partition and offset must be numbers", e);
        }
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    @Override
    public String toString() {
        return topic + ":" + partition + ":" + offset;
    }
}
