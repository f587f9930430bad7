package io.sluice.bench.inventory;

import io.sluice.core.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The two topics the inventory reads, as the CDC source names them: {@code <prefix>.public.products} and {@code
 * <prefix>.public.order_items} (prefix {@code dbserver1} by default), with 3 partitions each as the source creates
 * them.
 */
record CdcTopics(String prefix) {
    static final int PARTITIONS = 3;

    String products() {
        return prefix + ".public.products";
    }

    String orderItems() {
        return prefix + ".public.order_items";
    }

    /** Written by the CDC source too; the inventory does not read it. */
    String orders() {
        return prefix + ".public.orders";
    }

    List<String> both() {
        return List.of(products(), orderItems());
    }

    /** Creates both (and their dead-letter topics) if missing. */
    void create(String bootstrapServers) {
        boolean created = Topics.ensure(
                bootstrapServers,
                Map.of(
                        products(),
                        PARTITIONS,
                        orderItems(),
                        PARTITIONS,
                        products() + ".dlq",
                        PARTITIONS,
                        orderItems() + ".dlq",
                        PARTITIONS),
                Duration.ofSeconds(30));
        if (!created) {
            throw new IllegalStateException("could not create " + both() + " on " + bootstrapServers);
        }
        // A leader in the metadata is not yet a leader that takes appends: an idempotent producer writing in that
        // window got NOT_LEADER_OR_FOLLOWER, then OUT_OF_ORDER_SEQUENCE until its batches expired (seen once on the
        // shared test broker). Asking each partition's leader for its end offset waits that window out.
        try (GroupLag admin = new GroupLag(bootstrapServers)) {
            admin.endOffsets(both());
        }
    }
}
