package io.sluice.producer;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of an {@link EventEmitter}.
 *
 * @param kafkaUp whether Kafka answered recently (see {@link EventEmitter#kafkaUp()})
 * @param kafkaError why Kafka counts as down, or null while up
 * @param kafkaLastSeen when Kafka last answered, or null
 * @param queued events waiting in memory for the sender
 * @param inFlight records handed to the producer and not yet acknowledged
 * @param spilled events in the spill file waiting for replay
 * @param spillBytes the spill file's size
 * @param spillMaxBytes its cap; past it events are dropped
 * @param sent events acknowledged by Kafka since start (replays included)
 * @param spilledTotal events written to the spill file since start
 * @param dropped events dropped since start
 * @param lastDropAt when the last drop happened, or null
 * @param lastDropReason why ({@code spill_full}, {@code rejected}, ...), or null
 */
public record EmitterState(
        boolean kafkaUp,
        String kafkaError,
        Instant kafkaLastSeen,
        int queued,
        int inFlight,
        long spilled,
        long spillBytes,
        long spillMaxBytes,
        long sent,
        long spilledTotal,
        long dropped,
        Instant lastDropAt,
        String lastDropReason) {

    /** The JSON shape used by {@code /health} and {@code /kafka/status}. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queued", queued);
        m.put("in_flight", inFlight);
        m.put("spilled", spilled);
        m.put("spill_bytes", spillBytes);
        m.put("spill_max_bytes", spillMaxBytes);
        m.put("sent", sent);
        m.put("dropped", dropped);
        m.put("last_drop_at", lastDropAt);
        m.put("last_drop_reason", lastDropReason);
        return m;
    }
}
