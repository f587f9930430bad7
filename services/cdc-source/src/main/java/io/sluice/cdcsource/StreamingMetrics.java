package io.sluice.cdcsource;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What Debezium's own JMX metrics say of the connector ({@code debezium.postgres:type=connector-metrics,
 * context=snapshot|streaming,server=<topic prefix>}): whether the snapshot runs, and whether streaming is connected
 * to the replication slot. Debezium restarts its task by itself after a retriable error (a cut connection, a
 * database restart), without the engine stopping, so this is how health sees such an outage. Thread-safe; never
 * throws (an unreadable attribute is reported as unknown).
 */
final class StreamingMetrics {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private final String server;

    StreamingMetrics(String topicPrefix) {
        this.server = topicPrefix;
    }

    /** Whether the snapshot is running; null when unknown. */
    Boolean snapshotRunning() {
        return bool("snapshot", "SnapshotRunning");
    }

    /**
     * Whether streaming is connected to the slot; null when unknown: not streaming yet, or the task is down (its
     * metrics are unregistered until Debezium restarts it).
     */
    Boolean connected() {
        return bool("streaming", "Connected");
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("snapshot_running", snapshotRunning());
        m.put("streaming_connected", connected());
        return m;
    }

    private Boolean bool(String context, String attribute) {
        try {
            Set<ObjectName> names = SERVER.queryNames(
                    new ObjectName(
                            "debezium.postgres:type=connector-metrics,context=" + context + ",server=" + server + ",*"),
                    null);
            for (ObjectName name : names) {
                Object v = SERVER.getAttribute(name, attribute);
                if (v instanceof Boolean b) {
                    return b;
                }
            }
            return null;
        } catch (Exception e) {
            return null;
        }
    }
}
