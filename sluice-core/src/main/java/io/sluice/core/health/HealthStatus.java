package io.sluice.core.health;

/** Overall health, worst first wins when combined. */
public enum HealthStatus {
    /** Everything works. HTTP 200, reported as {@code healthy}. */
    UP("healthy"),
    /** Serving, but a dependency is failing and work is being retried. HTTP 200, reported as {@code degraded}. */
    DEGRADED("degraded"),
    /** Cannot do its job. HTTP 503, reported as {@code unhealthy}. */
    DOWN("unhealthy");

    private final String label;

    HealthStatus(String label) {
        this.label = label;
    }

    /** The word used in JSON bodies ({@code healthy}, {@code degraded}, {@code unhealthy}). */
    public String label() {
        return label;
    }

    public HealthStatus and(HealthStatus other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
