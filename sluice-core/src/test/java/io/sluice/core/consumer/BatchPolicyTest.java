package io.sluice.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class BatchPolicyTest {
    private static final long T0 = 1_000_000;

    private final BatchPolicy policy = new BatchPolicy(ConsumerLoopConfig.defaults("s", "b", "g", "t")
            .withBatch(3, Duration.ofMillis(100))
            .withLinger(Duration.ofMillis(100), Duration.ofMillis(400)));

    private static PendingBatch<String> pending(int records, long at) {
        PendingBatch<String> p = new PendingBatch<>();
        for (int i = 0; i < records; i++) {
            p.add(new Decoded<>(new ConsumerRecord<>("t", 0, i, new byte[0], new byte[0]), "v"), at);
        }
        return p;
    }

    @Test
    void nothing_in_hand_is_never_flushed_and_polls_wait_the_idle_timeout() {
        assertThat(policy.shouldFlush(new PendingBatch<>(), 0, true, T0)).isFalse();
        assertThat(policy.pollTimeout(new PendingBatch<>(), false, T0)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void a_caught_up_batch_is_flushed_once_the_linger_is_over() {
        PendingBatch<String> p = pending(1, T0);
        assertThat(policy.shouldFlush(p, 1, true, T0 + 99)).isFalse();
        assertThat(policy.shouldFlush(p, 1, true, T0 + 100)).isTrue();
        assertThat(policy.pollTimeout(p, false, T0 + 30)).isEqualTo(Duration.ofMillis(70));
    }

    @Test
    void a_full_batch_is_flushed_at_once() {
        assertThat(policy.shouldFlush(pending(3, T0), 3, true, T0)).isTrue();
    }

    @Test
    void a_write_in_flight_shortens_the_poll() {
        assertThat(policy.pollTimeout(pending(1, T0), true, T0)).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void under_load_a_batch_waits_no_longer_than_the_max_wait() {
        BatchPolicy lingering = new BatchPolicy(ConsumerLoopConfig.defaults("s", "b", "g", "t")
                .withLinger(Duration.ofHours(1), Duration.ofMillis(400)));
        PendingBatch<String> p = pending(1, T0);
        assertThat(lingering.shouldFlush(p, 1, true, T0 + 399)).isFalse();
        assertThat(lingering.shouldFlush(p, 1, true, T0 + 400)).isTrue();
        assertThat(lingering.pollTimeout(p, false, T0 + 100)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void an_idle_writer_takes_what_is_in_hand_even_over_a_backlog() {
        PendingBatch<String> p = pending(2, T0);
        BatchPolicy noLinger =
                new BatchPolicy(ConsumerLoopConfig.defaults("s", "b", "g", "t").withBatch(3000, Duration.ZERO));
        assertThat(noLinger.shouldFlush(p, BatchPolicy.MAX_POLL_RECORDS, true, T0))
                .as("writer busy, backlog")
                .isFalse();
        assertThat(noLinger.shouldFlush(p, BatchPolicy.MAX_POLL_RECORDS, false, T0))
                .as("writer idle")
                .isTrue();
        assertThat(policy.shouldFlush(p, 3, false, T0 + 99))
                .as("within the linger")
                .isFalse();
        assertThat(policy.shouldFlush(p, 3, false, T0 + 100)).isTrue();
    }

    @Test
    void polls_return_at_most_a_thousand_records_or_a_batch() {
        assertThat(BatchPolicy.pollRecords(5000)).isEqualTo(1000);
        assertThat(BatchPolicy.pollRecords(300)).isEqualTo(300);
    }
}
