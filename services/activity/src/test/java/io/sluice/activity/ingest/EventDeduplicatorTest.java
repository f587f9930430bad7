package io.sluice.activity.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.producer.Delivery;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventDeduplicatorTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger produced = new AtomicInteger();

    private CompletableFuture<Delivery> produce() {
        produced.incrementAndGet();
        return new CompletableFuture<>();
    }

    @Test
    void an_id_seen_within_the_window_gets_the_first_delivery_and_is_not_produced_again() {
        EventDeduplicator dedupe = new EventDeduplicator(Duration.ofMinutes(10), 100, now::get);

        EventDeduplicator.Claim first = dedupe.claim("e-1", this::produce);
        now.addAndGet(Duration.ofMinutes(9).toNanos());
        EventDeduplicator.Claim again = dedupe.claim("e-1", this::produce);

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.delivery()).isSameAs(first.delivery());
        assertThat(produced).hasValue(1);
    }

    @Test
    void after_the_window_an_id_is_produced_again() {
        EventDeduplicator dedupe = new EventDeduplicator(Duration.ofMinutes(10), 100, now::get);
        dedupe.claim("e-1", this::produce);

        now.addAndGet(Duration.ofMinutes(10).toNanos());

        assertThat(dedupe.claim("e-1", this::produce).duplicate()).isFalse();
        assertThat(produced).hasValue(2);
    }

    @Test
    void an_id_whose_first_delivery_failed_is_produced_by_the_retry() {
        EventDeduplicator dedupe = new EventDeduplicator(Duration.ofMinutes(10), 100, now::get);
        dedupe.claim("e-1", this::produce).delivery().completeExceptionally(new IllegalStateException("spill full"));

        assertThat(dedupe.claim("e-1", this::produce).duplicate()).isFalse();
        assertThat(produced).hasValue(2);
    }

    @Test
    void past_its_capacity_the_oldest_ids_are_forgotten_first() {
        EventDeduplicator dedupe = new EventDeduplicator(Duration.ofMinutes(10), 2, now::get);
        dedupe.claim("e-1", this::produce);
        dedupe.claim("e-2", this::produce);
        dedupe.claim("e-3", this::produce);

        assertThat(dedupe.size()).isEqualTo(2);
        assertThat(dedupe.claim("e-3", this::produce).duplicate()).isTrue();
        assertThat(dedupe.claim("e-1", this::produce).duplicate()).isFalse();
    }

    @Test
    void a_zero_window_turns_it_off() {
        EventDeduplicator dedupe = new EventDeduplicator(Duration.ZERO, 100, now::get);
        dedupe.claim("e-1", this::produce);

        assertThat(dedupe.claim("e-1", this::produce).duplicate()).isFalse();
        assertThat(dedupe.size()).isZero();
    }
}
