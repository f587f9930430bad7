package io.sluice.activity.processor;

import io.sluice.core.consumer.OffsetStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The seed's {@code --read-from-beginning} over stored offsets: the first time this process is assigned a partition
 * it reads it from offset 0 (the consumer's {@code auto.offset.reset=earliest} takes it to the oldest record still
 * kept), whatever was stored; later assignments (a rebalance) resume from the stored offsets as usual. Replayed events
 * change nothing, since an event id is stored once. Confined to the loop's polling thread, as {@link OffsetStore}
 * says.
 */
final class RewindOnce implements OffsetStore {
    private final OffsetStore stored;
    private final Set<TopicPartition> rewound = new HashSet<>();

    RewindOnce(OffsetStore stored) {
        this.stored = stored;
    }

    @Override
    public Map<TopicPartition, Long> load(Set<TopicPartition> partitions) {
        Map<TopicPartition, Long> out = new HashMap<>(stored.load(partitions));
        for (TopicPartition p : partitions) {
            if (rewound.add(p)) {
                out.put(p, 0L);
            }
        }
        return out;
    }
}
