package io.sluice.core.health;

import io.sluice.core.consumer.ConsumerState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A health verdict with the details a person needs to act on it. {@code details} is rendered as JSON fields next
 * to {@code status}, in insertion order.
 */
public record Health(HealthStatus status, Map<String, Object> details) {

    public Health {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The consumer part of a health report: running, status, last poll, lag, last error. */
    public static Map<String, Object> describe(ConsumerState state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("running", state.running());
        m.put("status", state.status().name().toLowerCase());
        m.put("last_poll", state.lastPollAt());
        m.put("lag", state.lag() < 0 ? null : state.lag());
        m.put("broker_reachable", state.brokerReachable());
        m.put("records_written", state.recordsWritten());
        m.put("records_dead_lettered", state.recordsFailed());
        m.put("last_error", state.lastError());
        m.put("last_error_at", state.lastErrorAt());
        return m;
    }

    /**
     * How a consumer's state weighs on service health: failed or stopped is down, retrying is degraded, and so is a
     * running consumer whose broker is out of reach.
     */
    public static HealthStatus of(ConsumerState state) {
        return switch (state.status()) {
            case STARTING, RUNNING -> state.brokerReachable() ? HealthStatus.UP : HealthStatus.DEGRADED;
            case DEGRADED -> HealthStatus.DEGRADED;
            case STOPPED, FAILED -> HealthStatus.DOWN;
        };
    }
}
