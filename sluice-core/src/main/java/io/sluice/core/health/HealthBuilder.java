package io.sluice.core.health;

import io.sluice.core.Version;
import io.sluice.core.consumer.ConsumerState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Assembles a service's {@link Health}: the status is the worst of the parts added, the details keep the order in
 * which they are added (the {@code /health} JSON, {@code status} first, then {@code service}, {@code version} and
 * the rest).
 *
 * <pre>{@code
 * return HealthBuilder.forService("text-writer-service")
 *         .detail("kafka_consumer_running", state.running())
 *         .database(db.isReachable())
 *         .consumer(state)
 *         .build();
 * }</pre>
 *
 * Not thread-safe: build one per request.
 */
public final class HealthBuilder {
    private HealthStatus status = HealthStatus.UP;
    private final Map<String, Object> details = new LinkedHashMap<>();

    private HealthBuilder() {}

    /** A builder whose details start with {@code service} and {@code version} ({@link Version#current()}). */
    public static HealthBuilder forService(String service) {
        HealthBuilder b = new HealthBuilder();
        b.details.put("service", service);
        b.details.put("version", Version.current());
        return b;
    }

    /** A builder with no details yet. */
    public static HealthBuilder empty() {
        return new HealthBuilder();
    }

    /** Weighs a part: the overall status becomes the worse of the two. */
    public HealthBuilder status(HealthStatus part) {
        status = status.and(part);
        return this;
    }

    /** Degraded (serving, retrying something) when {@code condition} holds. */
    public HealthBuilder degradedIf(boolean condition) {
        return condition ? status(HealthStatus.DEGRADED) : this;
    }

    /** Down (cannot do its job: 503) when {@code condition} holds. */
    public HealthBuilder downIf(boolean condition) {
        return condition ? status(HealthStatus.DOWN) : this;
    }

    /** Adds (or replaces) a detail; null values are rendered as JSON null. */
    public HealthBuilder detail(String key, Object value) {
        details.put(key, value);
        return this;
    }

    /** {@code "database": {"reachable": ...}}; an unreachable database is down. */
    public HealthBuilder database(boolean reachable) {
        downIf(!reachable);
        return detail("database", Map.of("reachable", reachable));
    }

    /** {@code "consumer": {...}} as {@link Health#describe}, weighed as {@link Health#of}. */
    public HealthBuilder consumer(ConsumerState state) {
        status(Health.of(state));
        return detail("consumer", Health.describe(state));
    }

    public Health build() {
        return new Health(status, details);
    }
}
