package io.sluice.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundWorkerTest {

    /** Counts rounds; fails the first {@code failures} of them. */
    static final class CountingTask implements BackgroundWorker.Task {
        final AtomicInteger rounds = new AtomicInteger();
        final List<Duration> backoffs = new CopyOnWriteArrayList<>();
        final int failures;
        final Duration idle;

        CountingTask(int failures, Duration idle) {
            this.failures = failures;
            this.idle = idle;
        }

        @Override
        public Duration runOnce() {
            if (rounds.incrementAndGet() <= failures) {
                throw new IllegalStateException("round " + rounds.get() + " failed");
            }
            return idle;
        }

        @Override
        public void failed(Exception e, Duration backoff) {
            backoffs.add(backoff);
        }
    }

    @Test
    void a_failing_round_is_retried_with_a_growing_backoff_until_it_succeeds() {
        CountingTask task = new CountingTask(4, Duration.ofHours(1));
        try (BackgroundWorker worker = new BackgroundWorker(
                        "test-worker", Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5), task)
                .start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> task.rounds.get() == 5);

            assertThat(task.backoffs).hasSize(4);
            assertThat(task.backoffs.get(0)).isBetween(Duration.ofMillis(8), Duration.ofMillis(12));
            assertThat(task.backoffs.get(1)).isBetween(Duration.ofMillis(16), Duration.ofMillis(24));
            assertThat(task.backoffs.get(3)).isBetween(Duration.ofMillis(32), Duration.ofMillis(48)); // capped at 40
            assertThat(worker.isOpen()).isTrue();
        }
    }

    @Test
    void wake_cuts_the_wait_between_rounds_short() {
        CountingTask task = new CountingTask(0, Duration.ofHours(1));
        try (BackgroundWorker worker = new BackgroundWorker(
                        "test-worker", Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5), task)
                .start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> task.rounds.get() == 1);

            worker.wake();

            await().atMost(Duration.ofSeconds(10)).until(() -> task.rounds.get() == 2);
        }
    }

    @Test
    void close_ends_a_long_wait_and_stops_the_rounds() {
        CountingTask task = new CountingTask(0, Duration.ofHours(1));
        BackgroundWorker worker = new BackgroundWorker(
                        "test-worker", Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5), task)
                .start();
        await().atMost(Duration.ofSeconds(10)).until(() -> task.rounds.get() == 1);

        long began = System.nanoTime();
        worker.close();

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        assertThat(worker.isOpen()).isFalse();
        assertThat(task.rounds.get()).isEqualTo(1);
    }

    @Test
    void the_backoff_doubles_with_jitter_up_to_the_maximum_and_resets() {
        ExponentialBackoff b = new ExponentialBackoff(Duration.ofMillis(100), Duration.ofMillis(1000));

        assertThat(b.next()).isBetween(Duration.ofMillis(80), Duration.ofMillis(120));
        assertThat(b.next()).isBetween(Duration.ofMillis(160), Duration.ofMillis(240));
        for (int i = 0; i < 30; i++) {
            assertThat(b.next()).isBetween(Duration.ofMillis(1), Duration.ofMillis(1200));
        }
        assertThat(b.failures()).isEqualTo(32);
        b.reset();
        assertThat(b.next()).isBetween(Duration.ofMillis(80), Duration.ofMillis(120));
    }
}
