package io.sluice.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import io.sluice.core.consumer.Sink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ParallelSinkTest {
    private final List<Batch<String>> written = Collections.synchronizedList(new ArrayList<>());

    @Test
    void each_partition_goes_whole_to_one_lane_with_its_own_offsets() {
        List<Decoded<String>> records = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            for (int o = 0; o < 10 + p; o++) {
                records.add(decoded(p, o));
            }
        }
        Map<TopicPartition, Long> next = new HashMap<>(Batch.of(records).nextOffsets());
        next.put(new TopicPartition("t", 9), 5L); // a partition whose records all went to the DLQ

        try (ParallelSink<String> sink = new ParallelSink<>(written::add, 2)) {
            sink.write(new Batch<>(records, next));
        }

        assertThat(written).hasSize(2);
        Map<TopicPartition, Long> union = new HashMap<>();
        written.forEach(b -> union.putAll(b.nextOffsets()));
        assertThat(union).isEqualTo(next);
        assertThat(written.stream().mapToInt(Batch::size).sum()).isEqualTo(records.size());
        for (Batch<String> lane : written) {
            assertThat(lane.records()).allMatch(r -> lane.nextOffsets().containsKey(r.topicPartition()));
        }
    }

    @Test
    void a_failing_lane_fails_the_whole_write() {
        Sink<String> failingOnPartition1 = batch -> {
            if (batch.nextOffsets().containsKey(new TopicPartition("t", 1))) {
                throw new IllegalStateException("database down");
            }
        };
        try (ParallelSink<String> sink = new ParallelSink<>(failingOnPartition1, 2)) {
            Batch<String> batch = Batch.of(List.of(decoded(0, 0), decoded(1, 0)));

            assertThatThrownBy(() -> sink.write(batch)).hasMessage("database down");
        }
    }

    private static Decoded<String> decoded(int partition, long offset) {
        return new Decoded<>(new ConsumerRecord<>("t", partition, offset, null, new byte[0]), "v" + offset);
    }
}
