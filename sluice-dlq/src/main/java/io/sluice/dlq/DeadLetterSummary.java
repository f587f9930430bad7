package io.sluice.dlq;

import java.util.List;

/** How many dead letters each {@code *.dlq} topic holds, and how many of them are still open. */
public record DeadLetterSummary(List<TopicCount> topics, long total, long open) {
    public DeadLetterSummary {
        topics = List.copyOf(topics);
    }

    /** One {@code *.dlq} topic's counts. */
    public record TopicCount(String topic, long total, long open) {}
}
