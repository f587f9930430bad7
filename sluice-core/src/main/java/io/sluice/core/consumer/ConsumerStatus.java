package io.sluice.core.consumer;

/** Lifecycle of a {@link ConsumerLoop}, as health checks report it. */
public enum ConsumerStatus {
    /** Created or joining the group, nothing polled yet. */
    STARTING,
    /** Polling and writing normally. */
    RUNNING,
    /** Alive but retrying: the store or Kafka is failing; partitions are paused, nothing is lost. */
    DEGRADED,
    /** Stopped on request. */
    STOPPED,
    /** The loop thread ended on an unexpected error; consumption has stopped. */
    FAILED;

    public boolean isRunning() {
        return this == STARTING || this == RUNNING || this == DEGRADED;
    }
}
