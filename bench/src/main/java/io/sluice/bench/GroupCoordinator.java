package io.sluice.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Readies a fresh broker's group coordinator before anything is measured. */
final class GroupCoordinator {
    private GroupCoordinator() {}

    /**
     * Asks for a group's offsets, which makes a fresh broker create {@code __consumer_offsets} (50 partitions) now
     * rather than when the measured consumer first joins its group: a cost a production broker paid once, long ago.
     */
    static void warmUp(String bootstrapServers, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis()))) {
            admin.listConsumerGroupOffsets("sluice-bench-warm-up")
                    .partitionsToOffsetAndMetadata()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the group coordinator on " + bootstrapServers + " is not available", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the group coordinator", e);
        }
    }
}
