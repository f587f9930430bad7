package io.sluice.bench.ingest;

import java.nio.file.Path;

/**
 * What {@code sluice bench ingest} measures.
 *
 * @param messages messages to produce and store
 * @param size bytes per message value
 * @param partitions partitions of the input topic
 * @param rate messages per second in latency mode; 0 for the throughput run
 * @param warmupSeconds latency mode: seconds of traffic before the measured part
 * @param jfr where to write a JFR recording of the write phase, or null
 */
public record IngestOptions(long messages, int size, int partitions, double rate, int warmupSeconds, Path jfr) {

    public IngestOptions {
        if (messages < 1) {
            throw new IllegalArgumentException("--messages must be at least 1, got " + messages);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be positive, got " + rate);
        }
    }

    boolean latencyMode() {
        return rate > 0;
    }
}
