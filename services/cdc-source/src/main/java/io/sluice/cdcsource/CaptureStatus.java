package io.sluice.cdcsource;

import io.sluice.core.health.HealthStatus;

/** Where the change capture is in its life; each status says how it weighs on health. */
public enum CaptureStatus {
    /** The engine is connecting, creating its slot and publication, or taking the initial snapshot. */
    STARTING(HealthStatus.UP),
    /** Changes are read from the slot and published. */
    RUNNING(HealthStatus.UP),
    /** Kafka refused a batch; it is being sent again with backoff (nothing is acknowledged to the slot meanwhile). */
    RETRYING(HealthStatus.DEGRADED),
    /**
     * The engine stopped on an error (the source database is down, say; see the last error) and is started again
     * with backoff. It resumes from its stored offsets.
     */
    RESTARTING(HealthStatus.DEGRADED),
    /** The capture gave up (a bug, not an outage); the service must be restarted. */
    FAILED(HealthStatus.DOWN),
    /** Closed. */
    STOPPED(HealthStatus.DOWN);

    private final HealthStatus health;

    CaptureStatus(HealthStatus health) {
        this.health = health;
    }

    public HealthStatus health() {
        return health;
    }
}
