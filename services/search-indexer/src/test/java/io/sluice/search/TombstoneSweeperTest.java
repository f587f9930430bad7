package io.sluice.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.cdc.SourcePosition;
import io.sluice.core.consumer.Batch;
import io.sluice.core.consumer.Decoded;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class TombstoneSweeperTest {

    @Test
    void a_round_purges_tombstones_older_than_the_retention_counts_them_and_waits_the_interval() {
        InMemorySearchStore store = new InMemorySearchStore();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        TombstoneSweeper sweeper = new TombstoneSweeper(
                store,
                Duration.ofDays(7),
                Duration.ofMinutes(10),
                new SearchMetrics(registry, SearchConfig.SERVICE),
                now::get);
        store.apply(Batch.of(List.of(version(1, 100, false), version(1, 200, true))));

        assertThat(sweeper.runOnce()).isEqualTo(Duration.ofMinutes(10));
        assertThat(store.apply(Batch.of(List.of(version(1, 150, false)))).stale())
                .as("within the retention the tombstone keeps the late update out")
                .isEqualTo(1);

        now.set(now.get().plus(Duration.ofDays(7)).plusSeconds(1));
        sweeper.runOnce();

        assertThat(registry.get(SearchMetrics.PURGED).counter().count()).isEqualTo(1.0);
        assertThat(store.apply(Batch.of(List.of(version(1, 150, false)))).indexed())
                .as("purged: a very late update indexes the product again")
                .isEqualTo(1);
    }

    private static Decoded<ProductVersion> version(long id, long lsn, boolean deleted) {
        ProductVersion v = new ProductVersion(
                id,
                new SourcePosition(lsn, lsn),
                deleted,
                deleted ? null : "Mouse",
                null,
                deleted ? null : new BigDecimal("1.00"),
                1,
                null,
                lsn);
        return new Decoded<>(new ConsumerRecord<>("products", 0, lsn, null, null), v);
    }
}
