package io.sluice.core.consumer;

import static io.sluice.core.consumer.LoopHarness.P0;
import static io.sluice.core.consumer.LoopHarness.P1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The loop's delivery guarantees on Kafka's mock clients, with a fake clock. */
class ConsumerLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void at_least_once_commits_to_kafka_only_after_the_sink_returned() throws Exception {
        RecordingSink sink = new RecordingSink(false);
        sink.hold();
        try (var h = new LoopHarness<>(LoopHarness.strings(), sink).start(P0)) {
            h.produce(P0, "a", "b", "c");
            assertThat(sink.awaitEntered()).isTrue();
            h.awaitPolls(3);
            assertThat(h.consumer.commits).isEmpty();

            sink.open();
            await().atMost(WAIT).until(() -> !h.consumer.commits.isEmpty());
            assertThat(h.consumer.commits).containsExactly(Map.of(P0, 3L));
            assertThat(h.committed(P0)).isEqualTo(3L);
            assertThat(sink.stored).containsExactly("a", "b", "c");
        }
    }

    @Test
    void settles_once_positioned_partitions_have_nothing_to_read_and_not_before_an_assignment() {
        RecordingSink sink = new RecordingSink(true);
        try (var h = new LoopHarness<>(LoopHarness.strings(), sink)) {
            var settled = h.loop.settled();
            h.consumer.updateBeginningOffsets(Map.of(P0, 0L));
            h.loop.start();
            h.awaitPolls(3);
            assertThat(settled).as("no partitions yet").isNotDone();

            h.assign(P0);
            await().atMost(WAIT).until(settled::isDone);
        }
    }

    @Test
    void settles_once_the_first_batch_is_stored() throws Exception {
        RecordingSink sink = new RecordingSink(true);
        sink.hold();
        try (var h = new LoopHarness<>(LoopHarness.strings(), sink)) {
            var settled = h.loop.settled();
            h.consumer.updateBeginningOffsets(Map.of(P0, 0L));
            h.consumer.schedulePollTask(() -> {
                h.consumer.rebalance(List.of(P0));
                h.produce(P0, "a", "b"); // in the assigning poll: no poll of the partition finds it empty
            });
            h.loop.start();
            assertThat(sink.awaitEntered()).isTrue();
            h.awaitPolls(3);
            assertThat(settled).as("the batch is still being written").isNotDone();

            sink.open();
            await().atMost(WAIT).until(settled::isDone);
            assertThat(sink.stored).containsExactly("a", "b");
        }
    }

    @Test
    void stored_offsets_position_assigned_partitions_inside_the_rebalance_listener_and_are_not_commitsynced() {
        RecordingSink sink = new RecordingSink(true);
        sink.offsets.put(P0, 2L); // a previous run stored "a" and "b"
        try (var h = new LoopHarness<>(LoopHarness.strings(), sink).start(P0)) {
            assertThat(h.consumer.seeks).containsExactly(P0 + "@2 in listener");
            h.produce(P0, "a", "b", "c", "d");
            await().atMost(WAIT).until(() -> sink.stored.size() == 2);
            assertThat(sink.stored).containsExactly("c", "d");
            assertThat(sink.offsets).containsEntry(P0, 4L);
            await().atMost(WAIT).until(() -> Long.valueOf(4).equals(h.committed(P0))); // commitAsync, for lag tools
            assertThat(h.consumer.commits).isEmpty();
        }
    }

    @Test
    void a_revoke_during_a_write_waits_for_it_then_stores_the_batch_in_hand_before_the_partition_goes()
            throws Exception {
        RecordingSink sink = new RecordingSink(true);
        var h = lingering(sink, Duration.ofHours(1), Duration.ofHours(1));
        try (h) {
            h.start(P0, P1);
            sink.hold();
            h.produce(P0, "a", "b");
            h.awaitPolls(3);
            h.clock.advance(Duration.ofHours(1)); // the linger is over: "a", "b" go to the writer
            assertThat(sink.awaitEntered()).isTrue();
            h.produce(P0, "c");
            h.produce(P1, "x");
            await().atMost(WAIT).until(() -> h.consumer.polls.get() > 0 && positionOf(h, P1) == 1);

            h.inPoll(() -> h.consumer.rebalance(List.of(P1)));
            sink.open();

            await().atMost(WAIT).until(() -> h.consumer.assignment().equals(Set.of(P1)));
            assertThat(sink.stored).containsExactly("a", "b", "c", "x");
            assertThat(sink.offsets).containsEntry(P0, 3L).containsEntry(P1, 1L);
            assertThat(sink.maxActive.get()).as("writes never overlap").isEqualTo(1);
        }
    }

    @Test
    void lost_partitions_let_the_write_in_flight_finish_and_drop_the_records_in_hand() throws Exception {
        RecordingSink sink = new RecordingSink(false);
        var h = lingering(sink, Duration.ofHours(1), Duration.ofHours(1));
        try (h) {
            h.start(P0);
            sink.hold();
            h.produce(P0, "a", "b");
            h.awaitPolls(3);
            h.clock.advance(Duration.ofHours(1));
            assertThat(sink.awaitEntered()).isTrue();
            h.produce(P0, "c", "d");
            await().atMost(WAIT).until(() -> positionOf(h, P0) == 4);

            h.inPoll(() -> h.consumer.listener.onPartitionsLost(List.of(P0)));
            sink.open();
            await().atMost(WAIT).until(() -> !h.consumer.commits.isEmpty());

            h.clock.advance(Duration.ofHours(2));
            h.awaitPolls(5);
            assertThat(sink.stored).containsExactly("a", "b");
            assertThat(h.consumer.commits).containsExactly(Map.of(P0, 2L));
        }
    }

    @Test
    void a_failed_dead_letter_publish_is_an_outage_retried_with_nothing_lost_and_no_offset_moved_past_the_record() {
        Decoder<String> decoder = r -> {
            String v = LoopHarness.strings().decode(r);
            if (v.startsWith("poison")) {
                throw new PoisonRecordException("cannot decode " + v);
            }
            return v;
        };
        RecordingSink sink = new RecordingSink(false);
        try (var h = new LoopHarness<>(decoder, sink)) {
            h.dlqProducer.sendException = new KafkaException("dead-letter topic unavailable");
            h.start(P0);
            h.produce(P0, "a", "poison-1", "c");
            await().atMost(WAIT).until(() -> h.loop.state().status() == ConsumerStatus.DEGRADED);
            assertThat(h.loop.state().lastError()).contains("dead-letter topic unavailable");

            h.clock.advance(Duration.ofSeconds(5)); // a retry fails the same way
            await().atMost(WAIT).until(() -> retries(h) >= 2);
            assertThat(sink.writes.get())
                    .as("nothing is written while the dead letter is not acknowledged")
                    .isZero();
            assertThat(h.consumer.commits).isEmpty();
            assertThat(h.deadLettered()).isEmpty();

            h.dlqProducer.sendException = null;
            h.clock.advance(Duration.ofSeconds(5));
            await().atMost(WAIT).until(() -> !h.consumer.commits.isEmpty());
            assertThat(h.deadLettered()).containsExactly("poison-1");
            assertThat(sink.stored).containsExactly("a", "c");
            assertThat(h.consumer.commits).containsExactly(Map.of(P0, 3L));
            assertThat(h.loop.state().recordsFailed()).isEqualTo(1);
        }
    }

    @Test
    void recovery_clears_the_last_error_and_resumes_the_partitions() {
        RecordingSink sink = new RecordingSink(true);
        sink.down.set(true);
        try (var h = new LoopHarness<>(LoopHarness.strings(), sink).start(P0)) {
            h.produce(P0, "a", "b");
            await().atMost(WAIT).until(() -> h.loop.state().status() == ConsumerStatus.DEGRADED);
            assertThat(h.loop.state().lastError()).contains("store is down");
            assertThat(h.loop.state().lastErrorAt()).isEqualTo(h.clock.instant());
            assertThat(h.consumer.paused()).containsExactly(P0);

            sink.down.set(false);
            h.clock.advance(Duration.ofSeconds(5));
            await().atMost(WAIT).until(() -> h.loop.state().status() == ConsumerStatus.RUNNING);
            ConsumerState state = h.loop.state();
            assertThat(state.lastError()).isNull();
            assertThat(state.lastErrorAt()).isNull();
            assertThat(state.recordsWritten()).isEqualTo(2);
            assertThat(h.consumer.paused()).isEmpty();
            assertThat(sink.stored).containsExactly("a", "b");
        }
    }

    @Test
    void a_batch_waits_for_the_linger_once_caught_up() {
        RecordingSink sink = new RecordingSink(false);
        try (var h = lingering(sink, Duration.ofSeconds(2), Duration.ofHours(1))) {
            h.start(P0);
            h.produce(P0, "a");
            h.awaitPolls(5);
            h.clock.advance(Duration.ofMillis(1_999));
            h.awaitPolls(5);
            assertThat(sink.writes.get()).isZero();

            h.clock.advance(Duration.ofMillis(1));
            await().atMost(WAIT).until(() -> sink.stored.size() == 1);
        }
    }

    @Test
    void a_batch_waits_no_longer_than_the_max_wait_even_with_a_longer_linger() {
        RecordingSink sink = new RecordingSink(false);
        try (var h = lingering(sink, Duration.ofHours(1), Duration.ofSeconds(3))) {
            h.start(P0);
            h.produce(P0, "a");
            h.awaitPolls(5);
            h.clock.advance(Duration.ofMillis(2_999));
            h.produce(P0, "b");
            h.awaitPolls(5);
            assertThat(sink.writes.get()).isZero();

            h.clock.advance(Duration.ofMillis(1));
            await().atMost(WAIT).until(() -> sink.stored.size() == 2);
            assertThat(sink.writes.get()).isEqualTo(1);
        }
    }

    private static LoopHarness<String> lingering(RecordingSink sink, Duration linger, Duration maxWait) {
        return new LoopHarness<>(
                LoopHarness.strings(), sink, OffsetCommitter.forSink(sink), c -> c.withLinger(linger, maxWait));
    }

    @Test
    void bad_data_is_isolated_to_the_dead_letter_topic_and_the_rest_of_the_batch_is_stored() {
        RecordingSink sink = new RecordingSink(true);
        try (var h = new LoopHarness<>(LoopHarness.strings(), sink).start(P0)) {
            h.produce(P0, "a", "bad-1", "c", "d", "bad-4", "f");
            await().atMost(WAIT).until(() -> h.loop.state().recordsWritten() == 4); // counted after the write settled
            assertThat(sink.stored).containsExactly("a", "c", "d", "f");
            assertThat(h.deadLettered()).containsExactly("bad-1", "bad-4");
            assertThat(h.loop.state().recordsFailed()).isEqualTo(2);
            assertThat(h.loop.state().recordsWritten()).isEqualTo(4);
        }
    }

    private static long retries(LoopHarness<?> h) {
        var c = h.registry.find("sluice.batch.retries").counter();
        return c == null ? 0 : (long) c.count();
    }

    private static long positionOf(LoopHarness<?> h, TopicPartition tp) {
        return h.consumer.position(tp);
    }
}
